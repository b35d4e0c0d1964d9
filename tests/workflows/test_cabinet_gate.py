"""The gate between the lead agency's approval and Cabinet: while a cycle is
under consideration, approving its content records the approval without
publishing it ("Approved, awaiting Cabinet"); it is published by *Publish
what was agreed* once Cabinet's decision is recorded."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import WorkflowState

from content_models.models import Action, Indicator, Recommendation
from workflows import actions, response
from workflows.cabinet import compile_annex
from workflows.response import State, item_state

from ..factories import IndicatorFactory, ProgressReportFactory
from .admin_helpers import edit_data, messages_of, snapshot, url
from .cabinet_support import REASON, build_response

pytestmark = pytest.mark.django_db

HELD = (
    "cannot be published before Cabinet has decided on its reporting cycle: "
    "approve it for Cabinet, then publish what was agreed once the decision is "
    "recorded."
)


@pytest.fixture
def gate(world):
    return build_response(world)


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def decide(cycle, user):
    actions.record_cabinet_decision(
        cycle=cycle,
        user=user,
        decided_on=datetime.date(2027, 2, 10),
        minute_reference="CAB-27-MIN-0042",
    )


def menu_labels(page):
    return re.findall(
        r'data-workflow-action-name="(\w+)".*?</svg>\s*([^<]+?)\s*</button>',
        page,
        flags=re.DOTALL,
    )


# What is held ---------------------------------------------------------------


def test_a_cycle_with_a_recommendation_never_published_is_under_consideration(
    world, gate
):
    cycle = gate["cycle"]
    assert actions.under_consideration(cycle) is True
    # The CRC cycle's recommendations are all published.
    assert actions.under_consideration(world.crc_recommendation.cycle) is False
    decide(cycle, world.moj_manager)
    assert actions.under_consideration(cycle) is False


def test_what_is_held_while_the_cycle_is_under_consideration(world, gate):
    second, third, fourth = gate["recommendations"][1:]
    proposal = gate["proposal"]
    new_indicator = IndicatorFactory(action=proposal, reference="IND-NEW", live=False)
    other_indicator = IndicatorFactory(
        action=world.police_action, reference="IND-POL", live=False
    )
    report = ProgressReportFactory(action=proposal, title="First report", live=False)
    assert [
        actions.is_held(fresh(item))
        for item in (second, fourth, third, proposal, world.police_action)
    ] == [True, True, False, True, False]  # 122.3 and ACT-POL-1 are published
    assert actions.is_held(fresh(new_indicator)) is True
    assert actions.is_held(fresh(other_indicator)) is False  # of a published action
    assert actions.is_held(fresh(report)) is False  # reports are never held


# Approving a held item -------------------------------------------------------


def test_approving_a_held_item_records_the_approval_without_publishing(world, gate):
    proposal = gate["proposal"]
    submitted = proposal.latest_revision_id

    assert actions.approve_or_publish(obj=proposal, user=world.moj_manager) == "held"

    proposal = fresh(proposal)
    assert (proposal.live, proposal.first_published_at) == (False, None)
    assert proposal.latest_revision_id == submitted
    assert WorkflowState.objects.for_instance(proposal).get().status == "approved"
    assert proposal.current_workflow_state is None
    assert actions.approved_revision(proposal).pk == submitted
    assert item_state(proposal) == "Approved, awaiting Cabinet"
    # Not in the public API's querysets either: only live rows are public.
    assert not Action.objects.filter(pk=proposal.pk, live=True).exists()


def test_approving_an_item_not_held_publishes_it(world, gate):
    decide(gate["cycle"], world.moj_manager)
    proposal = gate["proposal"]
    assert actions.approve_or_publish(obj=proposal, user=world.moj_manager) == (
        "approved"
    )
    proposal = fresh(proposal)
    assert (proposal.live, proposal.has_unpublished_changes) == (True, False)
    assert item_state(proposal) == "Published"


def test_a_progress_report_is_never_held(world, gate):
    proposal = gate["proposal"]
    report = ProgressReportFactory(action=proposal, title="First report", live=False)
    report.save_revision(user=world.msd_contributor)
    actions.submit_for_approval(obj=report, user=world.msd_contributor)
    assert actions.approve_or_publish(obj=fresh(report), user=world.moj_manager) == (
        "approved"
    )
    assert fresh(report).live is True
    assert fresh(proposal).live is False


def test_publishing_a_held_draft_is_refused_and_nothing_changes(world, gate):
    second = gate["recommendations"][1]  # the lead agency's own draft
    before = snapshot(second)
    with pytest.raises(ValidationError) as refused:
        actions.approve_or_publish(obj=second, user=world.moj_manager)
    assert refused.value.messages == [f"{second} {HELD}"]
    assert snapshot(second) == before
    # Positive control: a published recommendation's draft is not held.
    third = gate["recommendations"][2]
    assert actions.approve_or_publish(obj=third, user=world.moj_manager) == (
        "published"
    )
    assert fresh(third).no_action_reason == REASON


# The admin --------------------------------------------------------------------


def test_the_approver_is_offered_approve_for_cabinet(client, world, gate):
    proposal = gate["proposal"]
    client.force_login(world.moj_manager)
    page = client.get(url("action", "edit", proposal)).content.decode()
    assert menu_labels(page) == [
        ("reject", "Send back with comments"),
        ("approve", "Approve for Cabinet"),
        ("approve", "Approve for Cabinet with comment"),
    ]
    assert 'name="action-publish"' not in page
    queue = client.get("/admin/").content.decode()
    assert ">Approve for Cabinet</button>" in queue
    assert ">Approve and publish</button>" not in queue
    # Positive control: once Cabinet has decided, approving publishes.
    decide(gate["cycle"], world.moj_manager)
    page = client.get(url("action", "edit", proposal)).content.decode()
    assert ("approve", "Approve and publish") in menu_labels(page)


def test_approving_in_the_edit_form_holds_the_item(client, world, gate):
    proposal = gate["proposal"]
    client.force_login(world.moj_manager)
    data = edit_data(client, "action", proposal)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    answer = client.post(url("action", "edit", proposal), data)
    assert answer.status_code == 302
    assert messages_of(answer)[-1].startswith(
        "Action 'ACT-NEW-1 — Child poverty reduction plan' approved for Cabinet: "
        "it is published when what was agreed is published."
    )
    proposal = fresh(proposal)
    assert proposal.live is False
    assert item_state(proposal) == "Approved, awaiting Cabinet"
    page = client.get(url("action", "edit", proposal))
    assert page.status_code == 200
    assert "Approved, awaiting Cabinet: the lead agency approved this; it is " in (
        html.unescape(page.content.decode())
    )


def test_the_edit_pages_publish_is_refused_for_a_held_item(client, world, gate):
    second = gate["recommendations"][1]
    client.force_login(world.moj_manager)
    page = client.get(url("recommendation", "edit", second)).content.decode()
    assert 'name="action-publish"' not in page
    before = snapshot(second)
    data = edit_data(client, "recommendation", second)
    data["action-publish"] = "action-publish"
    answer = client.post(url("recommendation", "edit", second), data)
    assert answer.status_code == 302
    assert answer["Location"] == url("recommendation", "edit", second)
    assert messages_of(answer) == [f"{second} {HELD}"]
    assert snapshot(second) == before
    assert Recommendation.objects.get(pk=second.pk).live is False


def test_the_edit_pages_publish_of_an_item_not_held(client, world, gate):
    third = gate["recommendations"][2]  # published, with a draft change
    client.force_login(world.moj_manager)
    page = client.get(url("recommendation", "edit", third)).content.decode()
    assert 'name="action-publish"' in page
    data = edit_data(client, "recommendation", third)
    data["action-publish"] = "action-publish"
    answer = client.post(url("recommendation", "edit", third), data)
    assert answer.status_code == 302
    third = fresh(third)
    assert (third.live, third.has_unpublished_changes) == (True, False)
    assert third.no_action_reason == REASON


# The board, the dashboard and the annex -----------------------------------------


def test_the_board_and_the_annex_show_approved_awaiting_cabinet(client, world, gate):
    cycle = gate["cycle"]
    actions.approve(obj=gate["proposal"], user=world.moj_manager)

    rows = {row.recommendation.reference: row for row in response.board_rows(cycle)}
    assert rows["122.2"].state == State.APPROVED
    assert rows["122.2"].state_label == "Approved, awaiting Cabinet"
    assert [(p.action.reference, p.approved) for p in rows["122.2"].actions] == [
        ("ACT-NEW-1", True)
    ]
    client.force_login(world.moj_manager)
    board = client.get(reverse("response_board", args=[cycle.pk]))
    assert board.status_code == 200
    text = html.unescape(board.content.decode())
    assert "approved, awaiting Cabinet" in text
    assert re.search(
        r'data-recommendation="122.2" data-state="approved">.*?'
        r"Approved, awaiting Cabinet</span>",
        text,
        flags=re.DOTALL,
    )

    annex = compile_annex(cycle=cycle)
    second = next(item for item in annex.recommendations if item.reference == "122.2")
    assert [(a.reference, a.state) for a in second.actions] == [
        ("ACT-NEW-1", "Approved, awaiting Cabinet")
    ]


def test_an_approved_indicator_waits_with_its_action(world, gate):
    indicator = IndicatorFactory(
        action=gate["proposal"], reference="IND-NEW", live=False
    )
    indicator.save_revision(user=world.msd_contributor)
    actions.submit_for_approval(obj=fresh(indicator), user=world.msd_contributor)
    assert actions.approve_or_publish(obj=fresh(indicator), user=world.moj_manager) == (
        "held"
    )
    assert Indicator.objects.get(pk=indicator.pk).live is False
    assert item_state(fresh(indicator)) == "Approved, awaiting Cabinet"
