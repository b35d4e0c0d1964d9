"""Moderation in the browser, as each role does it: the contributor reads the
reviewer's comment and resubmits with the one button; the lead agency manager
approves from the single review queue and adds an agency to several actions
in one batch."""

from .support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402
from wagtail.models import WorkflowState  # noqa: E402

from content_models.models import Action, ProgressReport  # noqa: E402
from workflows import actions  # noqa: E402

from ..factories import ProgressReportFactory  # noqa: E402
from .support import login  # noqa: E402

COMMENT = "Add the number of incidents in each district."
TITLE = "Restraint incidents, third quarter"


def submitted_report(world):
    report = ProgressReportFactory(
        action=world.restraint_action,
        live=False,
        title=TITLE,
        body="<p>Incidents fell again.</p>",
    )
    report.save_revision(user=world.police_contributor)
    actions.submit_for_approval(obj=report, user=world.police_contributor)
    return report


def test_contributor_reads_the_comment_and_resubmits(world, new_context, steps):
    report = submitted_report(world)
    actions.request_changes(obj=report, user=world.moj_manager, comment=COMMENT)

    page = new_context().new_page()
    steps.watch(page)
    login(page, world.url, "police-contributor")
    panel = page.locator("#monitor-sent-for-approval-section")
    row = panel.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("Sent back for changes")
    expect(row).to_contain_text(COMMENT)
    steps.shot(page, "dashboard with the comment")

    row.get_by_role("link", name=f"ACT-POL-1: {TITLE}").click()
    expect(page.locator(".messages")).to_contain_text(
        f"moj-manager sent this back for changes: “{COMMENT}”"
    )
    page.locator("footer").get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Restart workflow")).to_have_count(0)
    resubmit = page.get_by_role("button", name="Resubmit to Lead agency approval")
    expect(resubmit).to_have_count(1)
    steps.shot(page, "one way to resubmit")
    resubmit.click()
    expect(page.locator(".messages")).to_contain_text(
        "submitted for approval by the lead agency."
    )
    state = ProgressReport.objects.get(pk=report.pk).workflow_states.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_manager_approves_from_the_queue_and_adds_an_agency_in_a_batch(
    world, new_context, steps
):
    report = submitted_report(world)

    page = new_context().new_page()
    steps.watch(page)
    login(page, world.url, "moj-manager")
    expect(page.get_by_role("heading", name="Awaiting your review")).to_have_count(0)
    expect(page.get_by_role("heading", name="Awaiting your approval")).to_have_count(1)
    queue = page.locator("#monitor-review-queue-section")
    row = queue.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("Progress report")
    steps.shot(page, "the review queue")
    row.get_by_role("button", name="Approve and publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        f"Progress report 'ACT-POL-1: {TITLE}' approved and published."
    )
    expect(queue).to_contain_text("Nothing is waiting for your approval.")
    assert ProgressReport.objects.get(pk=report.pk).live is True

    # A batch: the two actions of the UPR, which MoJ leads, get MSD.
    page.goto(world.url + "/admin/snippets/content_models/action/")
    for reference in ("ACT-POL-1", "ACT-MOJ-1"):
        page.locator("tr", has_text=reference).locator(
            "input.bulk-action-checkbox"
        ).check()
    bulk_buttons = page.locator("[data-bulk-action-button]")
    bulk_buttons.filter(has_text="Agencies").click()
    expect(page.get_by_text("Add a responsible agency to these items")).to_be_visible()
    page.get_by_label("Add", exact=True).check()
    page.get_by_label("Responsible agency").select_option(
        label="Ministry of Social Development (MSD)"
    )
    steps.shot(page, "batch confirmation")
    page.get_by_role("button", name="Yes, change them").click()
    expect(page.locator(".messages")).to_contain_text(
        "Ministry of Social Development (MSD) added to 2 of 2 actions."
    )
    steps.shot(page, "batch done")
    for reference in ("ACT-POL-1", "ACT-MOJ-1"):
        action = Action.objects.get(reference=reference)
        assert world.msd in action.responsible_agencies.all()
        assert action.has_unpublished_changes is False
        assert action.live_revision.user == world.moj_manager
