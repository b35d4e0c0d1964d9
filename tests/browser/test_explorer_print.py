"""Pages worth printing and views worth keeping: a recommendation with its
actions prints on one or two A4 pages with the date on top and no chrome; a
list prints its filters; "Copy link to this view" copies the address (or
offers it selected in a field); the actions views link to the Atom feed of
new progress reports."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from ..factories import ActionFactory, ProgressReportFactory  # noqa: E402
from .conftest import publish  # noqa: E402
from .explorer import open_explorer  # noqa: E402

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def printed_today():
    """'Printed 6 Dec 2026': today in New Zealand, in New Zealand form."""
    today = datetime.datetime.now(ZoneInfo("Pacific/Auckland")).date()
    return f"Printed {today.day} {MONTHS[today.month - 1]} {today.year}"


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF as Chromium writes it (no object streams)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.fixture
def few_actions(world):
    """The seclusion recommendation with three published actions, each with a
    progress report: a realistic "few actions"."""
    for number in (2, 3):
        action = ActionFactory(
            reference=f"ACT-POL-{number}",
            title=f"Independent monitoring of custody settings, stage {number}",
            lead_agency=world.police,
            progress_status="in_progress",
            description=(
                "Regular unannounced visits by the independent monitor, with "
                "public reports and a response from the agency within three months. "
            )
            * 2,
        )
        action.recommendations.set([world.seclusion])
        publish(action)
        publish(
            ProgressReportFactory(
                action=action,
                title=f"Stage {number}: first visits completed",
                body="<p>Twelve visits were made; the reports are published.</p>",
            )
        )
    return world


def test_a_recommendation_with_its_actions_prints_on_at_most_two_a4_pages(
    few_actions, page, steps
):
    world = few_actions
    open_explorer(page, f"{world.url}/?recommendation=UPR-2024/122.1")
    expect(page.locator("#detail-heading")).to_contain_text("122.1")
    expect(page.locator("#detail-view")).to_contain_text("ACT-POL-3")
    page.emulate_media(media="print")
    steps.shot(page, "print media")
    heading = page.locator("#print-heading")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text(
        "Human Rights Monitor — Recommendation UPR-2024 122.1"
    )
    expect(page.locator("#printed-on")).to_have_text(printed_today())
    expect(heading).to_contain_text(page.url)
    for chrome in (
        ".site-header",
        ".view-tools",
        "#back-to-list",
        ".feedback",
        ".site-footer",
    ):
        expect(page.locator(chrome)).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert 1 <= pdf_pages(pdf) <= 2

    # Control: on screen the chrome is there and the print heading is not.
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.locator("#copy-link")).to_be_visible()
    expect(heading).to_be_hidden()


def test_a_printed_list_states_its_filters_and_links_to_its_feed(world, page, steps):
    open_explorer(
        page, f"{world.url}/?view=actions&agencies=Police&progressStatuses=IN_PROGRESS"
    )
    feed = page.locator("#feed-link")
    expect(feed).to_have_attribute("href", "/feeds/reports.xml?agencies=Police")
    expect(feed).to_have_text("New progress reports of the chosen agencies (Atom feed)")
    expect(page.locator("link#feed-alternate")).to_have_attribute(
        "href", "/feeds/reports.xml?agencies=Police"
    )
    response = page.request.get(f"{world.url}/feeds/reports.xml?agencies=Police")
    assert response.status == 200
    assert "Restraint incidents down in the first year" in response.text()

    page.emulate_media(media="print")
    steps.shot(page, "printed list")
    lines = page.locator(".print-heading__filters li").all_inner_texts()
    assert lines == [
        "Progress: In progress",
        "Lead or responsible agency: New Zealand Police",
        "Cycles: current only",
    ]
    expect(page.locator("#printed-on")).to_have_text(printed_today())
    for chrome in (".filters", ".toolbar", ".tabs", "#chosen-filters", ".pagination"):
        expect(page.locator(chrome)).to_be_hidden()

    # One action's page offers that action's reports; the recommendations
    # view has no report feed (its filters are not the report list's).
    page.emulate_media(media="screen")
    open_explorer(page, f"{world.url}/?view=actions&action=ACT-POL-1")
    expect(page.locator("#feed-link")).to_have_attribute(
        "href", "/feeds/reports.xml?actions=ACT-POL-1"
    )
    open_explorer(page, f"{world.url}/?bodies=UPR")
    expect(page.locator("#feed-link")).to_have_count(0)
    expect(page.locator("link#feed-alternate")).to_have_attribute(
        "href", "/feeds/reports.xml"
    )


def test_copy_link_to_this_view(world, new_context, steps):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    steps.watch(page)
    url = f"{world.url}/?view=actions&agencies=Police"
    open_explorer(page, url)
    page.get_by_role("button", name="Copy link to this view").click()
    expect(page.locator("#copy-link-message")).to_have_text(
        "Link copied. Paste it to share or bookmark this view."
    )
    assert page.evaluate("navigator.clipboard.readText()") == url
    expect(page.locator("#copy-link-field")).to_be_hidden()


def test_copy_link_falls_back_to_a_selected_field(world, new_context, steps):
    context = new_context()
    # A browser without the asynchronous clipboard (or refusing it).
    context.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', { value: undefined })"
    )
    page = context.new_page()
    steps.watch(page)
    url = f"{world.url}/?recommendation=UPR-2024/122.1"
    open_explorer(page, url)
    page.get_by_role("button", name="Copy link to this view").click()
    field = page.get_by_role("textbox", name="Link to this view")
    expect(field).to_be_visible()
    expect(field).to_have_value(url)
    expect(field).to_be_focused()
    assert page.evaluate(
        "(() => { const f = document.getElementById('copy-link-field');"
        " return [f.selectionStart, f.selectionEnd]; })()"
    ) == [0, len(url)]
    expect(page.locator("#copy-link-message")).to_have_text(
        "Copy the selected link (Ctrl+C, or ⌘C on a Mac)."
    )
