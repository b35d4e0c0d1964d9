"""The response: where each recommendation stands, asking the agencies once,
and the agencies' proposals, each scoped to the agencies responsible."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from wagtail.models import WorkflowState

from content_models.models import Action, Recommendation
from workflows import actions, response
from workflows.models import Reminder, ReminderMessage, ResponseRequest
from workflows.response import State

from .admin_helpers import snapshot
from .response_support import draft_recommendation, fresh, new_cycle

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2029, 3, 2, 9, 30))


@pytest.fixture
def upr(world):
    return new_cycle(world)


def states(cycle):
    return {
        row.recommendation.reference: row.state for row in response.board_rows(cycle)
    }


@pytest.mark.parametrize(
    ("published_link", "proposed_link", "published_reason", "draft_reason", "state"),
    [
        (False, False, False, False, State.AWAITING),
        (False, True, False, False, State.PROPOSED),
        (False, False, False, True, State.NO_ACTION),
        (False, True, False, True, State.PROPOSED),
        (True, False, False, False, State.AGREED),
        (False, False, True, True, State.AGREED),
        (True, True, False, True, State.AGREED),
    ],
)
def test_the_state_is_derived_from_what_answers_the_recommendation(
    published_link, proposed_link, published_reason, draft_reason, state
):
    assert (
        response.derive_state(
            published_link=published_link,
            proposed_link=proposed_link,
            published_reason=published_reason,
            draft_reason=draft_reason,
        )
        == state
    )


@pytest.mark.parametrize(
    ("published", "approved_link", "approved_reason", "state"),
    [
        (False, True, False, State.APPROVED),
        (False, False, True, State.APPROVED),
        (True, True, False, State.AGREED),
    ],
)
def test_a_response_approved_for_cabinet_waits_for_it(
    published, approved_link, approved_reason, state
):
    assert (
        response.derive_state(
            published_link=published,
            approved_link=approved_link,
            proposed_link=True,
            published_reason=False,
            approved_reason=approved_reason,
            draft_reason=True,
        )
        == state
    )


def test_each_proposal_moves_its_recommendation_on_the_board(world, upr):
    cycle = upr["cycle"]
    assert states(cycle) == {"1.1": "awaiting", "1.2": "awaiting", "1.3": "awaiting"}

    action = actions.propose_new_action(
        recommendation=upr["r1"], user=world.police_contributor, title="Train staff"
    )
    actions.propose_no_action(
        recommendation=upr["r2"], user=world.msd_contributor, reason="Out of scope."
    )
    assert states(cycle) == {"1.1": "proposed", "1.2": "no_action", "1.3": "awaiting"}
    row = response.board_rows(cycle, state=State.PROPOSED)[0]
    assert [(p.action.reference, p.published) for p in row.actions] == [
        (action.reference, False)
    ]

    # The lead agency approves the action: the cycle is before Cabinet, so it
    # is approved, not published, until what was agreed is published.
    actions.approve(obj=fresh(action), user=world.moj_manager)
    assert states(cycle) == {"1.1": "approved", "1.2": "no_action", "1.3": "awaiting"}
    assert State(states(cycle)["1.1"]).label == "Approved, awaiting Cabinet"
    assert fresh(action).live is False
    actions.record_cabinet_decision(
        cycle=cycle,
        user=world.moj_manager,
        decided_on=datetime.date(2029, 6, 1),
        minute_reference="CAB-29-MIN-0001",
    )
    published = actions.publish_agreed(cycle=cycle, user=world.moj_manager)
    assert (action.pk, True) in {
        (item.pk, fresh(item).live) for item in published if isinstance(item, Action)
    }
    assert states(cycle) == {"1.1": "agreed", "1.2": "no_action", "1.3": "awaiting"}
    assert response.board_rows(cycle, agency=world.msd)[0].no_action_reason == (
        "Out of scope."
    )
    assert [
        r.recommendation.reference
        for r in response.board_rows(cycle, agency=world.police)
    ] == ["1.1", "1.2"]


def test_a_link_proposed_on_a_published_action_is_proposed_until_approved(world, upr):
    police_action = world.police_action
    police_action.save_revision().publish()
    assert actions.propose_existing_action(
        recommendation=upr["r1"],
        action=fresh(police_action),
        user=world.police_contributor,
    )
    live = fresh(police_action)
    assert list(live.recommendations.all()) == [world.upr_recommendation]
    assert live.has_unpublished_changes is True
    assert live.workflow_in_progress is True
    assert states(upr["cycle"])["1.1"] == "proposed"
    row = response.board_rows(upr["cycle"], state=State.PROPOSED)[0]
    assert row.actions[0].action == police_action and row.actions[0].published is False

    actions.approve(obj=fresh(police_action), user=world.moj_manager)
    assert states(upr["cycle"])["1.1"] == "agreed"
    # Proposing it again changes nothing.
    assert not actions.propose_existing_action(
        recommendation=fresh(upr["r1"]),
        action=fresh(police_action),
        user=world.police_contributor,
    )


# --- Asking the agencies -----------------------------------------------------


def test_asking_sends_one_e_mail_per_agency_listing_its_recommendations(world, upr):
    mail.outbox.clear()
    result = actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert result.asked == {
        "MSD": ["UPR-2029/1.2"],
        "Police": ["UPR-2029/1.1", "UPR-2029/1.2"],
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "msd@example.govt.nz",
        "police@example.govt.nz",
    ]
    police = next(m for m in mail.outbox if m.to == ["police@example.govt.nz"])
    assert police.subject == (
        "[Human Rights Monitor] UPR-2029: 2 recommendations await your agency's "
        "response"
    )
    assert (
        "The lead agency asks New Zealand Police to respond to these 2 "
        "recommendations of UPR-2029:"
    ) in police.body
    for recommendation in (upr["r1"], upr["r2"]):
        assert (
            f"http://testserver/admin/response/recommendation/{recommendation.pk}/"
            in police.body
        )
    assert f"/admin/response/recommendation/{upr['r3'].pk}/" not in police.body
    html = police.alternatives[0][0]
    assert (
        f'href="http://testserver/admin/response/recommendation/{upr["r1"].pk}/"'
        in html
    )
    assert sorted(
        ResponseRequest.objects.values_list("recommendation__reference", "agency__code")
    ) == [("1.1", "Police"), ("1.2", "MSD"), ("1.2", "Police")]
    assert set(ResponseRequest.objects.values_list("requested_by", "requested_at")) == {
        (world.moj_manager.pk, NOW)
    }
    assert ReminderMessage.objects.filter(sent_at__isnull=False).count() == 2


def test_asking_again_never_sends_twice_only_what_is_new(world, upr):
    actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    mail.outbox.clear()
    again = actions.ask_agencies(cycle=upr["cycle"], user=world.admin, now=NOW)
    assert mail.outbox == []
    assert again.asked == {} and again.already_asked == ["MSD", "Police"]
    assert Reminder.objects.filter(rule="response_requested").count() == 3

    draft_recommendation(upr["cycle"], "1.4", [world.police])
    later = actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert later.asked == {"Police": ["UPR-2029/1.4"]}
    assert [m.to for m in mail.outbox] == [["police@example.govt.nz"]]
    assert "1.4" in mail.outbox[0].body and "UPR-2029/1.1" not in mail.outbox[0].body


def test_an_agency_without_a_mailbox_is_asked_through_its_contributors(world, upr):
    world.police.email = ""
    world.police.save()
    mail.outbox.clear()
    actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "msd@example.govt.nz",
        "police-contributor@example.govt.nz",
    ]


def test_a_request_that_failed_is_sent_on_the_next_request_once(
    world, upr, monkeypatch
):
    real_send = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        if self.to == ["police@example.govt.nz"]:
            raise ConnectionRefusedError("SMTP server down")
        return real_send(self, *args, **kwargs)

    mail.outbox.clear()
    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    first = actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert first.failed == ["police@example.govt.nz"]
    assert first.sent == ["msd@example.govt.nz"]
    assert [m.to for m in mail.outbox] == [["msd@example.govt.nz"]]

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    second = actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert second.sent == ["police@example.govt.nz"] and second.failed == []
    assert "UPR-2029/1.1" in mail.outbox[-1].body
    third = actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert third.sent == []
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "who", ["msd_manager", "police_contributor", "msd_contributor"]
)
def test_only_the_lead_agency_may_ask(world, upr, who):
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        actions.ask_agencies(cycle=upr["cycle"], user=getattr(world, who), now=NOW)
    assert mail.outbox == []
    assert not ResponseRequest.objects.exists()
    assert not Reminder.objects.exists()
    # The same cycle, asked by its lead agency's manager.
    actions.ask_agencies(cycle=upr["cycle"], user=world.moj_manager, now=NOW)
    assert len(mail.outbox) == 2


# --- Scoping of every proposal -------------------------------------------------


def test_another_agency_may_not_propose_a_new_action(world, upr):
    before = snapshot(upr["r1"])
    count = Action.objects.count()
    with pytest.raises(PermissionDenied):
        actions.propose_new_action(
            recommendation=upr["r1"], user=world.msd_contributor, title="Ours"
        )
    assert Action.objects.count() == count
    assert snapshot(upr["r1"]) == before
    # Positive control: the same contributor, on a recommendation of MSD.
    action = actions.propose_new_action(
        recommendation=upr["r2"], user=world.msd_contributor, title="Ours"
    )
    action = fresh(action)
    assert action.live is False
    assert action.lead_agency == world.msd
    assert list(action.responsible_agencies.all()) == [world.msd]
    assert list(action.recommendations.all()) == [upr["r2"]]
    assert action.reference == "UPR-2029-1-2-MSD"
    assert action.latest_revision.user == world.msd_contributor
    assert WorkflowState.objects.for_instance(action).get().status == "in_progress"


def test_a_new_action_needs_a_title(world, upr):
    count = Action.objects.count()
    with pytest.raises(ValidationError):
        actions.propose_new_action(
            recommendation=upr["r1"], user=world.police_contributor, title="  "
        )
    assert Action.objects.count() == count


def test_an_existing_action_must_be_the_agencys_and_so_must_the_recommendation(
    world, upr
):
    msd_action = world.msd_action
    msd_action.save_revision().publish()
    police_action = world.police_action
    police_action.save_revision().publish()
    before = [snapshot(obj) for obj in (msd_action, police_action, upr["r1"])]
    # MSD's action for a recommendation of Police only: refused.
    with pytest.raises(PermissionDenied):
        actions.propose_existing_action(
            recommendation=upr["r1"], action=msd_action, user=world.msd_contributor
        )
    # Police's recommendation, but another agency's action: refused.
    with pytest.raises(PermissionDenied):
        actions.propose_existing_action(
            recommendation=upr["r1"],
            action=msd_action,
            user=world.police_contributor,
        )
    assert [snapshot(obj) for obj in (msd_action, police_action, upr["r1"])] == before
    # Positive control: MSD's action for a recommendation MSD shares.
    assert actions.propose_existing_action(
        recommendation=upr["r2"], action=fresh(msd_action), user=world.msd_contributor
    )
    draft = fresh(msd_action).get_latest_revision_as_object()
    assert {r.pk for r in draft.recommendations.all()} == {
        world.crc_recommendation.pk,
        upr["r2"].pk,
    }


def test_no_action_needs_a_reason_and_changes_only_the_reason(world, upr):
    recommendation = upr["r2"]
    before = snapshot(recommendation)
    with pytest.raises(ValidationError):
        actions.propose_no_action(
            recommendation=recommendation, user=world.police_contributor, reason=" "
        )
    with pytest.raises(PermissionDenied):
        actions.propose_no_action(
            recommendation=upr["r1"], user=world.msd_contributor, reason="Not ours."
        )
    assert snapshot(recommendation) == before
    assert snapshot(upr["r1"]) == snapshot(fresh(upr["r1"]))

    actions.propose_no_action(
        recommendation=recommendation,
        user=world.police_contributor,
        reason="  Already covered by existing law.  ",
    )
    after = fresh(recommendation)
    draft = after.get_latest_revision_as_object()
    assert draft.no_action_reason == "Already covered by existing law."
    assert draft.text == recommendation.text
    assert draft.prioritised is False and draft.revisit_on is None
    assert {a.pk for a in draft.responsible_agencies.all()} == {
        world.police.pk,
        world.msd.pk,
    }
    assert after.latest_revision.user == world.police_contributor
    assert after.workflow_in_progress is True


def test_a_recommendation_in_review_cannot_be_changed_by_its_agency(world, upr):
    actions.propose_no_action(
        recommendation=upr["r1"], user=world.police_contributor, reason="First."
    )
    before = snapshot(upr["r1"])
    with pytest.raises(ValidationError):
        actions.propose_no_action(
            recommendation=fresh(upr["r1"]),
            user=world.police_contributor,
            reason="Second.",
        )
    assert snapshot(upr["r1"]) == before


def test_a_live_recommendation_keeps_its_published_reason_until_approved(world):
    recommendation = world.upr_recommendation
    recommendation.save_revision().publish()
    actions.propose_no_action(
        recommendation=fresh(recommendation),
        user=world.police_contributor,
        reason="Cannot be progressed.",
    )
    live = Recommendation.objects.get(pk=recommendation.pk)
    assert live.no_action_reason == ""
    assert live.has_unpublished_changes is True


def test_the_lead_agency_may_propose_for_a_responsible_agency(world, upr):
    action = actions.propose_new_action(
        recommendation=upr["r1"], user=world.moj_manager, title="Amended"
    )
    assert fresh(action).lead_agency == world.police
    # With no responsible agency there is nobody to propose for.
    count = Action.objects.count()
    with pytest.raises(PermissionDenied):
        actions.propose_new_action(
            recommendation=upr["r3"], user=world.moj_manager, title="Nobody's"
        )
    assert Action.objects.count() == count
    # Another body's manager may not.
    with pytest.raises(PermissionDenied):
        actions.propose_new_action(
            recommendation=upr["r1"], user=world.msd_manager, title="CRC's"
        )
    assert Action.objects.count() == count
