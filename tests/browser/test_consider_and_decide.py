"""The whole path of consider and decide, in Chromium: the Ministry of
Justice's manager imports a new cycle's recommendations as drafts through the
CSV import screen, opens the cycle's response board and asks the agencies;
it sees what may already answer one (alignment suggestions); Police's
contributor proposes an action for one recommendation and no action,
with a reason, for the other; the manager approves both for Cabinet from the
review queue (the cycle is before Cabinet: nothing is published yet),
downloads the Cabinet annex (read back with python-docx: both are in it),
records Cabinet's decision and publishes what was agreed in one step;
the public explorer then shows the recommendation with its action, and the
other with the reason no action is proposed."""

import datetime
import io
import re

from .support import require_browser

require_browser()

import docx  # noqa: E402
from django.core import mail  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from content_models.models import Action, Recommendation  # noqa: E402

from ..factories import ReportingCycleFactory  # noqa: E402
from .explorer import open_explorer  # noqa: E402
from .support import login  # noqa: E402

ACTION_TITLE = "Independent review of police use of force"
REASON = "Cyber-bullying is the Online Safety Commission's work."
CSV = (
    "cycle,reference,text,title,issues,responsible_agencies,upr_response\n"
    "UPR-2026,130.1,Ensure independent oversight of police use of force.,"
    "Oversight of police use of force,Justice,Police,supported\n"
    "UPR-2026,130.2,Establish a dedicated police unit for cyber-bullying.,"
    "Police cyber-bullying unit,Justice,Police,noted\n"
)


def import_as_drafts(page, base, path):
    """The manager's CSV import, not published: two new drafts."""
    page.get_by_role("button", name="Imports").click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_role("radio", name="Recommendations", exact=True).check()
    page.get_by_label(re.compile(r"^\s*File\*?\s*$")).set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_text("The file is valid. Nothing has been written yet")
    ).to_be_visible()
    counts = page.locator("[data-import-counts]")
    expect(counts.locator("tr", has_text="New (created as drafts)")).to_contain_text(
        "2"
    )
    expect(
        page.get_by_label("Publish what the import creates or changes")
    ).not_to_be_checked()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported:").first).to_be_visible()


def annex_of(path):
    """The annex's title and the rows of its one group (Justice)."""
    document = docx.Document(io.BytesIO(path.read_bytes()))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    cover, group = document.tables
    rows = [tuple(cell.text for cell in row.cells) for row in group.rows[1:]]
    cover_rows = dict(tuple(cell.text for cell in row.cells) for row in cover.rows)
    return headings, cover_rows, rows


def test_from_import_to_the_explorer(world, new_context, steps, tmp_path):
    base = world.url
    cycle = ReportingCycleFactory(
        code="UPR-2026",
        name="Universal Periodic Review 2026",
        body=world.seclusion.cycle.body,
        received_on=datetime.date(2026, 2, 2),
    )
    upload = tmp_path / "upr-2026.csv"
    upload.write_text(CSV, encoding="utf-8")
    mail.outbox.clear()

    # 1. The lead agency imports the new cycle's recommendations as drafts.
    manager = new_context().new_page()
    steps.watch(manager)
    login(manager, base, "moj-manager")
    import_as_drafts(manager, base, upload)
    steps.shot(manager, "imported as drafts")
    imported = Recommendation.objects.filter(cycle=cycle).order_by("reference")
    assert [(r.reference, r.live) for r in imported] == [
        ("130.1", False),
        ("130.2", False),
    ]
    for recommendation in imported:
        assert recommendation.latest_revision.user == world.moj_manager
        assert list(recommendation.responsible_agencies.all()) == [world.police]

    # 2. The response board; the manager asks the agencies.
    manager.goto(base + "/admin/")
    boards = manager.locator("#monitor-response-boards-section")
    boards.get_by_role("link", name="UPR-2026 — Universal Periodic Review").click()
    expect(manager.get_by_role("heading", name="Response board")).to_be_visible()
    table = manager.locator("table.response-board__table")
    expect(table.locator("tr[data-state=awaiting]")).to_have_count(2)
    steps.shot(manager, "the board of the new cycle")
    manager.get_by_role("button", name="Ask the agencies").click()
    expect(manager.locator(".messages")).to_have_text(
        re.compile(r"\s*New Zealand Police asked about 2 recommendations\.\s*")
    )
    assert [message.to for message in mail.outbox] == [["police@example.govt.nz"]]
    board_url = manager.url

    # The lead agency checks what may already answer 130.1 (alignment).
    table.locator("tr", has_text="130.1").get_by_role(
        "link", name="Propose or amend the response"
    ).click()
    suggestions = manager.locator("[data-alignment-suggestions]")
    reasons = [
        "Human-rights issues in common: Justice",
        "Responsible agencies in common: New Zealand Police",
        "Words that matched: police, use",
    ]
    best_action = suggestions.locator("[data-alignment-action]")
    expect(best_action).to_have_count(1)
    expect(best_action).to_have_attribute("data-alignment-action", "ACT-POL-1")
    expect(best_action.locator(".alignment-suggestions__reasons li")).to_have_text(
        reasons
    )
    best_recommendation = suggestions.locator("[data-alignment-recommendation]")
    expect(best_recommendation).to_have_count(1)
    expect(best_recommendation).to_have_attribute(
        "data-alignment-recommendation", "UPR-2024/122.1"
    )
    expect(
        best_recommendation.locator(".alignment-suggestions__reasons li")
    ).to_have_text(reasons)
    steps.shot(manager, "alignment suggestions")

    # 3. Police's contributor: an action for 130.1, no action for 130.2.
    contributor = new_context().new_page()
    steps.watch(contributor)
    login(contributor, base, "police-contributor")
    panel = contributor.locator("#monitor-awaiting-response-section")
    expect(panel.locator("tr[data-state=awaiting]")).to_have_count(2)
    panel.locator("tr", has_text="130.1").get_by_role("link", name="Respond").click()
    new = contributor.locator("#respond-new")
    new.get_by_label("Title of the action").fill(ACTION_TITLE)
    new.get_by_role("button", name="Propose this action").click()
    expect(contributor.locator(".messages")).to_contain_text(
        "Action UPR-2026-130-1-POLICE proposed for UPR-2026/130.1 and sent for "
        "approval."
    )
    panel.locator("tr", has_text="130.2").get_by_role("link", name="Respond").click()
    none = contributor.locator("#respond-none")
    none.get_by_label("Why no action is proposed").fill(REASON)
    none.get_by_role("button", name="Propose no action").click()
    expect(contributor.locator(".messages")).to_contain_text(
        "No action proposed for UPR-2026/130.2; sent for approval."
    )
    steps.shot(contributor, "both proposed")

    # 4. The manager approves both for Cabinet from the review queue.
    manager.goto(base + "/admin/")
    queue = manager.locator("#monitor-review-queue-section")
    expect(queue.locator("tbody tr")).to_have_count(2)
    steps.shot(manager, "the review queue")
    for label, message in (
        (
            ACTION_TITLE,
            f"Action 'UPR-2026-130-1-POLICE — {ACTION_TITLE}' approved for Cabinet",
        ),
        (
            "130.2",
            "Recommendation 'UPR-2026/130.2 — Police cyber-bullying unit' approved "
            "for Cabinet",
        ),
    ):
        queue.locator("tr", has_text=label).get_by_role(
            "button", name="Approve for Cabinet", exact=True
        ).click()
        expect(manager.locator(".messages")).to_contain_text(message)
    expect(queue).to_contain_text("Nothing is waiting for your approval.")
    # Approved, not published: the cycle waits for Cabinet.
    action = Action.objects.get(reference="UPR-2026-130-1-POLICE")
    assert (action.title, action.live, action.lead_agency) == (
        ACTION_TITLE,
        False,
        world.police,
    )
    assert list(action.recommendations.all()) == [imported[0]]
    second = Recommendation.objects.get(cycle=cycle, reference="130.2")
    assert second.live is False
    assert second.get_latest_revision_as_object().no_action_reason == REASON
    assert Recommendation.objects.get(cycle=cycle, reference="130.1").live is False

    # Both responses are approved, awaiting Cabinet, on the board.
    manager.goto(board_url)
    expect(table.locator("tr", has_text="130.1")).to_contain_text(ACTION_TITLE)
    expect(table.locator("tr", has_text="130.2")).to_contain_text(REASON)
    expect(table.locator("tr[data-state=approved]")).to_have_count(2)
    expect(table.locator("tr", has_text="130.2")).to_contain_text(
        "Approved, awaiting Cabinet"
    )

    # 5. The Cabinet annex: both responses are in it.
    manager.goto(f"{base}/admin/cabinet/cycles/{cycle.pk}/")
    expect(
        manager.get_by_role("heading", name="Cabinet: UPR-2026", level=1)
    ).to_be_visible()
    expect(manager.locator("table.cabinet-cover")).to_contain_text(
        "Cabinet target2 Feb 2027"
    )
    with manager.expect_download() as download:
        manager.get_by_role("link", name="Word, by issue").click()
    assert download.value.suggested_filename == "cabinet-annex-UPR-2026-by-issue.docx"
    saved = tmp_path / "annex.docx"
    download.value.save_as(saved)
    headings, cover, rows = annex_of(saved)
    assert headings == [
        "Annex: response to the recommendations of UPR-2026",
        "Justice",
    ]
    assert cover["Reporting cycle"] == "UPR-2026 — Universal Periodic Review 2026"
    assert rows == [
        (
            "130.1",
            "Ensure independent oversight of police use of force.",
            "",
            f"UPR-2026-130-1-POLICE {ACTION_TITLE} — New (Police) "
            "[Approved, awaiting Cabinet]",
            "Draft",
        ),
        (
            "130.2",
            "Establish a dedicated police unit for cyber-bullying.",
            "",
            f"No action proposed: {REASON}",
            "Approved, awaiting Cabinet",
        ),
    ]
    expect(manager.locator(".cabinet-publish")).to_contain_text(
        "Record Cabinet's decision first"
    )

    # 6. Cabinet's decision.
    manager.get_by_label("Decided on").fill("01/12/2026")
    manager.get_by_label("Cabinet minute reference").fill("CAB-26-MIN-0130")
    manager.get_by_label("Published").check()
    manager.get_by_role("button", name="Record the decision").click()
    expect(manager.locator(".messages")).to_contain_text(
        "Cabinet's decision on UPR-2026 is recorded."
    )
    expect(manager.locator(".cabinet-decision")).to_contain_text(
        "Decided on 1 Dec 2026, minute CAB-26-MIN-0130."
    )

    # 7. Publish what was agreed, in one step.
    agreed = manager.locator("ul.cabinet-agreed li")
    expect(agreed).to_have_text(
        [
            "Recommendation: UPR-2026/130.1 — Oversight of police use of force",
            "Recommendation: UPR-2026/130.2 — Police cyber-bullying unit",
            f"Action: UPR-2026-130-1-POLICE — {ACTION_TITLE}",
        ]
    )
    steps.shot(manager, "what was agreed")
    manager.get_by_role("button", name="Publish 3 items").click()
    expect(manager.locator(".messages")).to_contain_text(
        "Published 3 items of UPR-2026."
    )
    expect(manager.locator(".cabinet-publish")).to_contain_text(
        "Nothing agreed is waiting to be published."
    )
    first = Recommendation.objects.get(cycle=cycle, reference="130.1")
    assert first.live is True and first.has_unpublished_changes is False
    assert first.live_revision.user == world.moj_manager
    second = Recommendation.objects.get(cycle=cycle, reference="130.2")
    assert (second.live, second.no_action_reason) == (True, REASON)
    action = Action.objects.get(reference="UPR-2026-130-1-POLICE")
    assert (action.live, action.live_revision.user) == (True, world.moj_manager)

    # 8. The public explorer shows it with its action.
    public = new_context().new_page()
    steps.watch(public)
    open_explorer(public, base + "/?recommendation=UPR-2026/130.1")
    detail = public.locator("#detail-view")
    expect(public.locator("#detail-heading")).to_have_text(
        "130.1 — Oversight of police use of force"
    )
    expect(
        detail.get_by_role("link", name=f"UPR-2026-130-1-POLICE — {ACTION_TITLE}")
    ).to_be_visible()
    expect(public.locator("dl.facts").first).to_contain_text(
        "Cabinet decisionDecided 1 Dec 2026, minute CAB-26-MIN-0130"
    )
    steps.shot(public, "the explorer")
    open_explorer(public, base + "/?recommendation=UPR-2026/130.2")
    expect(public.locator("#detail-view")).to_contain_text(
        f"Why no action is proposed: {REASON}"
    )
