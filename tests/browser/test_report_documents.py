"""A document uploaded from a progress report lands in the report's agency's
collection, and is nobody else's to download until it is published.

The Ministry of Justice's manager (lead agency of the UPR) adds a document to
a Police report through the chooser's upload tab: the tab offers the
collections MoJ works in, set to Police's. Police's contributor, who has one
collection, is not asked. Until the report is published, the file is for
those who work on it.
"""

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402
from wagtail.documents import get_document_model  # noqa: E402

from content_models.models import ProgressReport  # noqa: E402

from .support import login  # noqa: E402

TITLE = "Custody restraint data 2025"


def open_upload_tab(page, base, report):
    page.goto(f"{base}/admin/snippets/content_models/progressreport/edit/{report.pk}/")
    page.get_by_role("tab", name="Document").click()
    page.get_by_role("button", name="Choose a document").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Upload").click()
    return dialog


def test_a_manager_s_upload_lands_in_the_report_s_agency(
    world, page, new_context, steps, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = world.url
    contributor = new_context().new_page()
    steps.watch(contributor)
    login(contributor, base, "police-contributor")
    # Police's contributor has one collection to upload into: no question.
    dialog = open_upload_tab(contributor, base, world.report)
    expect(dialog.get_by_label("Title")).to_be_visible()
    expect(dialog.locator("#id_document-chooser-upload-collection")).to_have_count(0)
    contributor.goto(base + "/admin/")

    login(page, base, "moj-manager")
    dialog = open_upload_tab(page, base, world.report)
    police = str(world.police.document_collection_id)
    # The listing opens on Police's documents, the upload goes to Police's.
    expect(dialog.locator("#id_collection_id")).to_have_value(police)
    collection = dialog.locator("#id_document-chooser-upload-collection")
    expect(collection).to_have_value(police)
    # MoJ's own, and those of every agency responsible for UPR content.
    expect(collection.locator("option")).to_have_text(
        [
            "Ministry of Justice (MoJ)",
            "Ministry of Social Development (MSD)",
            "New Zealand Police (Police)",
            "Te Puni Kōkiri (TPK)",
        ]
    )
    dialog.get_by_label("Title").fill(TITLE)
    dialog.get_by_label("File").set_input_files(
        files=[
            {
                "name": "restraint-2025.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 restraint data",
            }
        ]
    )
    steps.shot(page, "upload tab")
    dialog.get_by_role("button", name="Upload").click()
    # The upload is a round trip with a file: give a loaded machine time.
    expect(page.get_by_role("dialog")).to_have_count(0, timeout=20_000)
    expect(page.locator("#id_document-title")).to_have_text(TITLE)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    steps.shot(page, "saved")

    document = get_document_model().objects.get(title=TITLE)
    assert document.collection == world.police.document_collection
    assert document.uploaded_by_user == world.moj_manager
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.get_latest_revision_as_object().document == document
    assert report.document is None  # a draft change: the published row keeps none

    # A draft change's document: not for the public; for Police, whose report
    # it is.
    anonymous = new_context()
    assert anonymous.request.get(base + document.url).status == 404
    download = contributor.request.get(base + document.url)
    assert download.status == 200
    assert download.body() == b"%PDF-1.4 restraint data"
