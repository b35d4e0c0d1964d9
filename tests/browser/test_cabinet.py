"""In Chromium: the Ministry of Justice's manager opens UPR-2024's Cabinet
page from the cycles' listing, downloads the annex, records Cabinet's
decision with a released document chosen in the document chooser, and the
explorer shows the decision and its public document on a recommendation of
the cycle — and not the private one."""

import io

import docx
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from .support import login, require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from .explorer import open_explorer  # noqa: E402


def make_document(agency, title):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(f"{title} bytes".encode(), f"{title.lower()}.pdf"),
        collection=agency.document_collection,
    )


def test_the_decision_is_recorded_and_shown_to_the_public(
    world, page, new_context, steps, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    make_document(world.moj, "Cabinet paper")
    make_document(world.moj, "Cabinet minute")
    base = world.url
    login(page, base, "moj-manager")
    page.goto(f"{base}/admin/snippets/content_models/reportingcycle/")
    page.get_by_role("link", name="Cabinet: UPR-2024").click()
    expect(
        page.get_by_role("heading", name="Cabinet: UPR-2024", level=1)
    ).to_be_visible()
    cover = page.locator("table.cabinet-cover")
    expect(cover).to_contain_text("Cabinet target22 Jan 2025")
    steps.shot(page, "cabinet page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Word, by issue").click()
    assert download.value.suggested_filename == "cabinet-annex-UPR-2024-by-issue.docx"
    annex = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
    assert annex.paragraphs[0].text == (
        "Annex: response to the recommendations of UPR-2024"
    )

    page.get_by_label("Decided on").fill("25/01/2025")
    page.get_by_label("Cabinet minute reference").fill("CAB-25-MIN-0001")
    page.get_by_label("Published").check()
    choose = page.get_by_role("button", name="Choose a document")
    choose.nth(0).click()
    page.get_by_role("dialog").get_by_role("link", name="Cabinet paper").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_label("Public").nth(0).check()
    choose.first.click()  # the first row's button is gone
    page.get_by_role("dialog").get_by_role("link", name="Cabinet minute").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    steps.shot(page, "decision filled in")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text(
        "Cabinet's decision on UPR-2024 is recorded."
    )
    expect(page.locator(".cabinet-decision")).to_contain_text(
        "Decided on 25 Jan 2025, minute CAB-25-MIN-0001."
    )
    steps.shot(page, "recorded")
    # The date picker, the choosers and the page's scripts ran without error.
    assert [line for line in steps.console if line.startswith(("error", "page"))] == []

    public = new_context().new_page()
    steps.watch(public)
    open_explorer(public, base + "/?recommendation=UPR-2024/122.1")
    facts = public.locator("dl.facts").first
    expect(facts).to_contain_text(
        "Cabinet decisionDecided 25 Jan 2025, minute CAB-25-MIN-0001"
    )
    expect(facts.get_by_role("link", name="Cabinet paper")).to_be_visible()
    expect(facts.get_by_role("link", name="Cabinet minute")).to_have_count(0)
    steps.shot(public, "explorer")
    # (The world's progress report carries an onerror attribute the policy
    # refuses on purpose, so the explorer's console is not checked here.)
