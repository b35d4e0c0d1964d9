"""The response in the browser: the lead agency's manager opens the board of a
new cycle and asks the agencies; Police's contributor proposes an action for
one recommendation and no action, with a reason, for the other; the manager
sees both proposed on the board."""

from .support import require_browser

require_browser()

import datetime  # noqa: E402

from django.core import mail  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from content_models.models import Action, Recommendation  # noqa: E402

from ..factories import RecommendationFactory, ReportingCycleFactory  # noqa: E402
from .conftest import draft  # noqa: E402
from .support import login  # noqa: E402


def new_cycle(world):
    """UPR-2029, just imported: two draft recommendations for Police, one for
    no agency yet."""
    cycle = ReportingCycleFactory(
        code="UPR-2029",
        name="Universal Periodic Review 2029",
        body=world.seclusion.cycle.body,
        received_on=datetime.date(2029, 2, 1),
    )
    texts = {
        "130.1": "Ensure independent oversight of police use of force.",
        "130.2": "Establish a dedicated police unit for cyber-bullying.",
    }
    for reference, text in texts.items():
        item = RecommendationFactory(cycle=cycle, reference=reference, text=text)
        item.responsible_agencies.set([world.police])
        item.save()
        draft(item)
    lone = RecommendationFactory(
        cycle=cycle,
        reference="130.3",
        text="Guarantee access to social security for all children.",
    )
    draft(lone)
    return cycle


def test_manager_asks_contributor_proposes_manager_sees_both(world, new_context, steps):
    cycle = new_cycle(world)
    mail.outbox.clear()

    manager = new_context().new_page()
    steps.watch(manager)
    login(manager, world.url, "moj-manager")
    boards = manager.locator("#monitor-response-boards-section")
    boards.get_by_role("link", name="UPR-2029 — Universal Periodic Review").click()
    expect(manager.get_by_role("heading", name="Response board")).to_be_visible()
    table = manager.locator("table.response-board__table")
    expect(table.locator("tr[data-state=awaiting]")).to_have_count(3)
    steps.shot(manager, "the new cycle's board")

    # 130.3 has no agency yet: the listing's batch action assigns one.
    table.locator("tr", has_text="130.3").get_by_role("checkbox").check()
    manager.get_by_role(
        "button", name="Add or remove a responsible agency for the selected"
    ).click()
    expect(
        manager.get_by_text("Add a responsible agency to these items")
    ).to_be_visible()
    manager.get_by_label("Add", exact=True).check()
    manager.get_by_label("Responsible agency").select_option(
        label="Ministry of Social Development (MSD)"
    )
    manager.get_by_role("button", name="Yes, change them").click()
    expect(manager.get_by_role("heading", name="Response board")).to_be_visible()
    expect(table.locator("tr", has_text="130.3")).to_contain_text(
        "Ministry of Social Development"
    )

    manager.get_by_role("button", name="Ask the agencies").click()
    expect(manager.locator(".messages")).to_contain_text(
        "New Zealand Police asked about 2 recommendations."
    )
    expect(manager.locator(".messages")).to_contain_text(
        "Ministry of Social Development asked about 1 recommendation."
    )
    expect(table.locator("tr", has_text="130.1")).to_contain_text("asked")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "msd@example.govt.nz",
        "police@example.govt.nz",
    ]
    police_mail = next(m for m in mail.outbox if m.to == ["police@example.govt.nz"])
    assert "/admin/response/recommendation/" in police_mail.body

    contributor = new_context().new_page()
    steps.watch(contributor)
    login(contributor, world.url, "police-contributor")
    panel = contributor.locator("#monitor-awaiting-response-section")
    expect(panel.locator("tr[data-state=awaiting]")).to_have_count(2)
    steps.shot(contributor, "awaiting the agency's response")

    panel.locator("tr", has_text="130.1").get_by_role("link", name="Respond").click()
    expect(
        contributor.get_by_role("heading", name="Respond to UPR-2029/130.1")
    ).to_be_visible()
    new = contributor.locator("#respond-new")
    new.get_by_label("Title of the action").fill("Independent review of use of force")
    new.get_by_role("button", name="Propose this action").click()
    expect(contributor.locator(".messages")).to_contain_text(
        "Action UPR-2029-130-1-POLICE proposed for UPR-2029/130.1 and sent for "
        "approval."
    )

    panel.locator("tr", has_text="130.2").get_by_role("link", name="Respond").click()
    none = contributor.locator("#respond-none")
    none.get_by_role("button", name="Propose no action").click()
    # The reason is required: the browser (or the form) asks for it.
    none.get_by_label("Why no action is proposed").fill(
        "Cyber-bullying is the Online Safety Commission's work."
    )
    steps.shot(contributor, "no action, with a reason")
    none.get_by_role("button", name="Propose no action").click()
    expect(contributor.locator(".messages")).to_contain_text(
        "No action proposed for UPR-2029/130.2; sent for approval."
    )
    expect(panel.locator("tr[data-state=proposed]")).to_have_count(1)
    expect(panel.locator("tr[data-state=no_action]")).to_have_count(1)

    manager.reload()
    expect(table.locator("tr", has_text="130.1")).to_have_attribute(
        "data-state", "proposed"
    )
    expect(table.locator("tr", has_text="130.1")).to_contain_text(
        "Independent review of use of force"
    )
    expect(table.locator("tr", has_text="130.2")).to_have_attribute(
        "data-state", "no_action"
    )
    expect(table.locator("tr", has_text="130.2")).to_contain_text(
        "Online Safety Commission"
    )
    steps.shot(manager, "both proposed")

    action = Action.objects.get(reference="UPR-2029-130-1-POLICE")
    assert action.live is False and action.workflow_in_progress
    second = Recommendation.objects.get(cycle=cycle, reference="130.2")
    assert second.workflow_in_progress
