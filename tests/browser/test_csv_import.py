"""A CSV import through the admin's upload screen: a file with errors writes
nothing and says what is wrong; the corrected file imports and publishes, and
the explorer shows the new recommendations."""

import datetime
import re

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from content_models.models import Recommendation  # noqa: E402
from workflows.actions import record_cabinet_decision  # noqa: E402

from .explorer import open_explorer, results_heading, titles  # noqa: E402
from .support import login  # noqa: E402

HEADER = "cycle,reference,text,title,recommending_states,issues,upr_response\n"
WITH_ERRORS = HEADER + (
    "UPR-2024,122.30,Protect older persons in residential care.,Older persons "
    "in care,Atlantis,Housing,supported\n"
    "UPR-2024,122.31,Improve access to legal aid for tenants.,Legal aid for "
    "tenants,Canada,Justice,supportd\n"
)
CORRECTED = HEADER + (
    "UPR-2024,122.30,Protect older persons in residential care.,Older persons "
    "in care,Finland,Housing,supported\n"
    "UPR-2024,122.31,Improve access to legal aid for tenants.,Legal aid for "
    "tenants,Canada,Justice,supported\n"
)


def upload(page, path):
    page.get_by_role("radio", name="Recommendations", exact=True).check()
    page.get_by_label(re.compile(r"^\s*File\*?\s*$")).set_input_files(path)
    page.get_by_role("button", name="Check the file").click()


def test_import_with_errors_then_corrected_file(world, page, steps, tmp_path):
    base = world.url
    # UPR-2024 holds a draft (122.99): it is before Cabinet until a decision
    # is recorded, and an import would keep its new recommendations as drafts
    # (tests/importers/test_cabinet_gate_import.py). Cabinet has decided here.
    record_cabinet_decision(
        cycle=world.upr_2024,
        user=world.admin,
        decided_on=datetime.date(2024, 11, 4),
        minute_reference="CAB-24-MIN-0400",
    )
    bad = tmp_path / "recommendations-with-errors.csv"
    bad.write_text(WITH_ERRORS, encoding="utf-8")
    good = tmp_path / "recommendations.csv"
    good.write_text(CORRECTED, encoding="utf-8")

    login(page, base, "monitor-admin")
    page.get_by_role("button", name="Imports").click()
    page.get_by_role("link", name="Import a file").click()
    expect(page.get_by_role("heading", name="2. Upload the file")).to_be_visible()
    upload(page, bad)
    problems = page.locator("[data-import-problems]")
    expect(
        page.get_by_text("The file has 2 problems. Nothing was written.")
    ).to_be_visible()
    expect(problems).to_contain_text("Atlantis")
    expect(problems).to_contain_text("supportd")
    steps.shot(page, "problems")
    assert not Recommendation.objects.filter(
        reference__in=["122.30", "122.31"]
    ).exists()

    page.get_by_role("link", name="Upload a corrected file").click()
    upload(page, good)
    expect(
        page.get_by_text("The file is valid. Nothing has been written yet")
    ).to_be_visible()
    counts = page.locator("[data-import-counts]")
    expect(counts.locator("tr", has_text="New (created as drafts)")).to_contain_text(
        "2"
    )
    steps.shot(page, "preview")
    assert not Recommendation.objects.filter(
        reference__in=["122.30", "122.31"]
    ).exists()

    page.get_by_label("Publish what the import creates or changes").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported:").first).to_be_visible()
    steps.shot(page, "imported")
    imported = Recommendation.objects.filter(
        cycle=world.upr_2024, reference__in=["122.30", "122.31"]
    )
    assert sorted(imported.values_list("reference", "live")) == [
        ("122.30", True),
        ("122.31", True),
    ]

    public = page.context.browser.new_context().new_page()
    steps.watch(public)
    try:
        open_explorer(public, base + "/?search=tenants")
        expect(results_heading(public)).to_have_text("1 recommendation")
        assert titles(public) == ["122.31 — Legal aid for tenants"]
        open_explorer(public, base + "/")
        expect(results_heading(public)).to_have_text("25 recommendations, 1–20 shown")
        steps.shot(public, "explorer after import")
    finally:
        public.context.close()
