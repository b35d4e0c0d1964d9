"""Cabinet: the target date and its reminder, the decision with its released
documents (public only when published), and publishing what was agreed."""

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry, WorkflowState

from content_models.models import (
    Action,
    CabinetDecision,
    Recommendation,
    ReportingCycle,
)
from workflows import actions

from .cabinet_support import REASON, build_response
from .conftest import make_document
from .reminders_support import D, logged, nz, run, said

pytestmark = pytest.mark.django_db

MOJ_LEAD = ["moj.manager@example.govt.nz", "moj@example.govt.nz"]


@pytest.fixture
def response(world):
    return build_response(world)


# The Cabinet target -------------------------------------------------------------


def test_the_target_is_twelve_months_after_receipt(response):
    cycle = response["cycle"]
    assert cycle.cabinet_target_date == D(2027, 3, 1)
    assert ReportingCycle(received_on=None).cabinet_target_date is None


def test_the_months_are_a_setting_and_a_cycle_may_set_its_own(response, settings):
    cycle = response["cycle"]
    settings.MONITOR_CABINET_TARGET_MONTHS = 6
    assert cycle.cabinet_target_date == D(2026, 9, 1)
    cycle.cabinet_target_on = D(2026, 12, 15)
    assert cycle.cabinet_target_date == D(2026, 12, 15)


@pytest.mark.parametrize(
    ("now", "period"),
    [
        (nz(2026, 11, 30), None),  # 91 days before 1 March 2027
        (nz(2026, 12, 1), "2027-03-01/90-days"),
        (nz(2027, 1, 29), "2027-03-01/90-days"),  # 31 days: still the 90 one
        (nz(2027, 1, 30), "2027-03-01/30-days"),
        (nz(2027, 3, 1), "2027-03-01/30-days"),  # the target itself
        (nz(2027, 3, 2), None),  # passed
    ],
)
def test_the_lead_agency_is_reminded_90_and_30_days_before(response, now, period):
    cycle = response["cycle"]
    expected = [(person, cycle.pk, period) for person in MOJ_LEAD] if period else []
    assert said("cabinet_target", now) == expected


def test_the_reminder_is_sent_once_never_twice(response):
    cycle = response["cycle"]
    mail.outbox.clear()
    run(nz(2026, 12, 1), rules=["cabinet_target"])
    run(nz(2026, 12, 1, 9), rules=["cabinet_target"])
    run(nz(2026, 12, 20), rules=["cabinet_target"])

    assert sorted(message.to[0] for message in mail.outbox) == MOJ_LEAD
    assert logged() == [
        ("cabinet_target", person, cycle.pk, "2027-03-01/90-days", True)
        for person in MOJ_LEAD
    ]
    message = mail.outbox[0]
    assert message.subject == (
        "[Human Rights Monitor] Response to UPR-2024 due for Cabinet on 1 Mar 2027"
    )
    assert (
        "The response to UPR-2024 is due for Cabinet's consideration on "
        "1 March 2027, in 90 days." in message.body
    )
    assert (
        "4 recommendations: 2 with an action proposed, 1 with no action "
        "proposed, 1 awaiting a response." in message.body
    )
    assert f"http://testserver/admin/cabinet/cycles/{cycle.pk}/" in message.body


def test_the_reminder_counts_as_the_board_does(world, response):
    """122.3's published explanation is its agreed response (the board); a
    later draft action proposed for it does not make it "with an action"."""
    third = response["recommendations"][2]
    Recommendation.objects.filter(pk=third.pk).update(no_action_reason=REASON)
    proposal = Action.objects.create(reference="ACT-NEW-2", title="Late", live=False)
    proposal.recommendations.set([third])
    proposal.save_revision(user=world.msd_contributor)
    mail.outbox.clear()
    run(nz(2026, 12, 1), rules=["cabinet_target"])
    assert (
        "4 recommendations: 2 with an action proposed, 1 with no action "
        "proposed, 1 awaiting a response." in mail.outbox[0].body
    )


def test_a_recorded_decision_ends_the_reminders(world, response):
    cycle = response["cycle"]
    assert len(said("cabinet_target", nz(2027, 2, 1))) == 2
    actions.record_cabinet_decision(
        cycle=cycle,
        user=world.moj_manager,
        decided_on=D(2027, 1, 25),
        minute_reference="CAB-27-MIN-0012",
    )
    assert said("cabinet_target", nz(2027, 2, 1)) == []


def test_a_cycle_of_its_own_date_is_reminded_before_that(response):
    cycle = response["cycle"]
    cycle.cabinet_target_on = D(2026, 12, 31)
    cycle.save()
    assert said("cabinet_target", nz(2026, 12, 1)) == [
        (person, cycle.pk, "2026-12-31/30-days") for person in MOJ_LEAD
    ]


# The decision -------------------------------------------------------------------

CYCLE_QUERY = """{ reportingCycles { code cabinetTargetOn cabinetDecision {
  decidedOn minuteReference summary documents { title url } } } }"""


def cycles_api(client):
    response = client.post(
        "/graphql/",
        json.dumps({"query": CYCLE_QUERY}),
        content_type="application/json",
    )
    assert response.status_code == 200
    return {row["code"]: row for row in response.json()["data"]["reportingCycles"]}


@pytest.fixture
def released(world, response, media):
    paper = make_document(world.moj, "Cabinet paper", b"paper bytes")
    minute = make_document(world.moj, "Cabinet minute", b"minute bytes")
    return paper, minute


def record(world, response, released, *, public):
    paper, minute = released
    return actions.record_cabinet_decision(
        cycle=response["cycle"],
        user=world.moj_manager,
        decided_on=D(2027, 1, 25),
        minute_reference="CAB-27-MIN-0012",
        summary="Cabinet agreed the response.",
        public=public,
        documents=[(paper, True), (minute, False)],
    )


def test_an_unpublished_decision_is_not_public(client, world, response, released):
    record(world, response, released, public=False)
    paper, minute = released
    assert cycles_api(client)["UPR-2024"] == {
        "code": "UPR-2024",
        "cabinetTargetOn": "2027-03-01",
        "cabinetDecision": None,
    }
    assert client.get(paper.url).status_code == 404
    assert client.get(minute.url).status_code == 404


def test_a_published_decision_shows_its_public_documents_only(
    client, world, response, released
):
    decision = record(world, response, released, public=True)
    paper, minute = released
    assert [(row.document, row.public) for row in decision.documents.all()] == [
        (paper, True),
        (minute, False),
    ]
    assert cycles_api(client)["UPR-2024"]["cabinetDecision"] == {
        "decidedOn": "2027-01-25",
        "minuteReference": "CAB-27-MIN-0012",
        "summary": "Cabinet agreed the response.",
        "documents": [
            {
                "title": "Cabinet paper",
                "url": f"http://testserver/documents/{paper.pk}/cabinet-paper.pdf",
            }
        ],
    }
    assert cycles_api(client)["CRC-2023"]["cabinetDecision"] is None
    response_ = client.get(paper.url)
    assert response_.status_code == 200
    assert b"".join(response_.streaming_content) == b"paper bytes"
    assert client.get(minute.url).status_code == 404


def test_recording_again_corrects_the_decision(world, response, released):
    record(world, response, released, public=True)
    paper, _ = released
    actions.record_cabinet_decision(
        cycle=response["cycle"],
        user=world.admin,
        decided_on=D(2027, 1, 26),
        minute_reference="CAB-27-MIN-0013",
        documents=[(paper, False)],
    )
    decision = CabinetDecision.objects.get()
    assert (
        decision.decided_on,
        decision.minute_reference,
        decision.public,
        decision.recorded_by,
        [(row.document, row.public) for row in decision.documents.all()],
    ) == (D(2027, 1, 26), "CAB-27-MIN-0013", False, world.admin, [(paper, False)])


def test_another_body_may_not_record_the_decision(world, response, released):
    with pytest.raises(PermissionDenied):
        actions.record_cabinet_decision(
            cycle=response["cycle"],
            user=world.msd_manager,
            decided_on=D(2027, 1, 25),
            minute_reference="CAB-27-MIN-0012",
        )
    with pytest.raises(PermissionDenied):
        actions.record_cabinet_decision(
            cycle=response["cycle"],
            user=world.police_contributor,
            decided_on=D(2027, 1, 25),
            minute_reference="CAB-27-MIN-0012",
        )
    assert not CabinetDecision.objects.exists()
    # The same manager records the decision of the body their agency leads.
    actions.record_cabinet_decision(
        cycle=world.crc_recommendation.cycle,
        user=world.msd_manager,
        decided_on=D(2027, 1, 25),
        minute_reference="CAB-27-MIN-0014",
    )
    assert list(CabinetDecision.objects.values_list("cycle__code", flat=True)) == [
        "CRC-2023"
    ]


def test_a_decision_needs_a_date_and_a_minute(world, response):
    with pytest.raises(ValidationError) as error:
        actions.record_cabinet_decision(
            cycle=response["cycle"],
            user=world.moj_manager,
            decided_on=None,
            minute_reference="  ",
        )
    assert error.value.message_dict == {
        "decided_on": ["Give the date of Cabinet's decision."],
        "minute_reference": ["Give the Cabinet minute reference."],
    }
    assert not CabinetDecision.objects.exists()


# Publishing what was agreed -----------------------------------------------------


def snapshot():
    """What publishing would change: each item's live state and revisions."""
    return sorted(
        (
            type(item).__name__,
            item.pk,
            item.live,
            item.has_unpublished_changes,
            item.live_revision_id,
            item.latest_revision_id,
        )
        for model in (Recommendation, Action)
        for item in model.objects.all()
    )


@pytest.fixture
def agreed(world, response):
    """The response, with the new action approved for Cabinet and a change a
    contributor saved and did not submit."""
    actions.approve(obj=response["proposal"], user=world.moj_manager)
    draft = world.police_action.get_latest_revision_as_object()
    draft.title = "Bail support programme (extended)"
    draft.save_revision(user=world.police_contributor)
    return response


def decide(cycle, user):
    return actions.record_cabinet_decision(
        cycle=cycle,
        user=user,
        decided_on=D(2027, 2, 10),
        minute_reference="CAB-27-MIN-0042",
    )


def labels(items):
    return [str(item).split(" — ")[0] for item in items]


def test_what_was_agreed_is_defined_precisely(agreed):
    assert labels(actions.agreed_content(cycle=agreed["cycle"])) == [
        "UPR-2024/122.2",  # the lead agency's draft
        "UPR-2024/122.3",  # the lead agency's draft change
        "ACT-NEW-1",  # approved for Cabinet
    ]


def test_an_item_awaiting_approval_is_not_agreed(world, response):
    assert labels(actions.agreed_content(cycle=response["cycle"])) == [
        "UPR-2024/122.2",
        "UPR-2024/122.3",
    ]


def test_nothing_is_published_before_the_decision(world, agreed):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.publish_agreed(cycle=agreed["cycle"], user=world.moj_manager)
    assert refused.value.messages == [
        "Cabinet's decision on UPR-2024 is not recorded yet: record it before "
        "publishing what was agreed."
    ]
    assert snapshot() == before
    # Positive control: once the decision is recorded, the same step publishes.
    decide(agreed["cycle"], world.moj_manager)
    assert labels(
        actions.publish_agreed(cycle=agreed["cycle"], user=world.moj_manager)
    ) == ["UPR-2024/122.2", "UPR-2024/122.3", "ACT-NEW-1"]


def test_one_step_publishes_what_was_agreed_in_the_publishers_name(world, agreed):
    decide(agreed["cycle"], world.moj_manager)
    published = actions.publish_agreed(cycle=agreed["cycle"], user=world.moj_manager)

    assert labels(published) == ["UPR-2024/122.2", "UPR-2024/122.3", "ACT-NEW-1"]
    for item in published:
        item.refresh_from_db()
        assert (item.live, item.has_unpublished_changes) == (True, False)
        assert item.live_revision.user == world.moj_manager
        assert (
            ModelLogEntry.objects.for_instance(item)
            .filter(action="wagtail.publish")
            .latest("timestamp")
            .user
            == world.moj_manager
        )
    third = Recommendation.objects.get(reference="122.3")
    assert third.no_action_reason == REASON
    proposal = agreed["proposal"]
    assert WorkflowState.objects.for_instance(proposal).get().status == "approved"
    # Not agreed, still drafts: 122.4 and the contributor's unsubmitted change.
    fourth = Recommendation.objects.get(reference="122.4")
    assert fourth.live is False
    police_action = Action.objects.get(pk=world.police_action.pk)
    assert (police_action.title, police_action.has_unpublished_changes) == (
        "Bail support programme",
        True,
    )
    assert actions.agreed_content(cycle=agreed["cycle"]) == []


def test_the_approved_revision_is_published_not_a_later_draft(world, agreed):
    proposal = Action.objects.get(pk=agreed["proposal"].pk)
    approved = proposal.latest_revision
    later = proposal.get_latest_revision_as_object()
    later.title = "Child poverty reduction plan (not approved)"
    later.save_revision(user=world.msd_contributor)
    proposal.refresh_from_db()
    assert actions.approved_revision(proposal) == approved
    decide(agreed["cycle"], world.moj_manager)

    actions.publish_agreed(cycle=agreed["cycle"], user=world.moj_manager)

    proposal.refresh_from_db()
    assert proposal.live is True
    assert proposal.title == "Child poverty reduction plan"
    assert proposal.live_revision.user == world.moj_manager
    # The later change is kept as the action's draft, unpublished.
    assert proposal.has_unpublished_changes is True
    assert proposal.get_latest_revision_as_object().title == (
        "Child poverty reduction plan (not approved)"
    )
    assert proposal.latest_revision.user == world.msd_contributor


def test_another_bodys_manager_is_refused_and_nothing_changes(world, agreed):
    decide(agreed["cycle"], world.moj_manager)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        actions.publish_agreed(cycle=agreed["cycle"], user=world.msd_manager)
    with pytest.raises(PermissionDenied):
        actions.publish_agreed(cycle=agreed["cycle"], user=world.police_contributor)
    assert snapshot() == before
    assert WorkflowState.objects.for_instance(agreed["proposal"]).get().status == (
        "approved"
    )
    assert Action.objects.get(pk=agreed["proposal"].pk).live is False
    # The same manager publishes what was agreed for the body their agency leads.
    crc = world.crc_recommendation
    draft = crc.get_latest_revision_as_object()
    draft.text = "Agreed wording."
    draft.save_revision(user=world.msd_manager)
    decide(crc.cycle, world.msd_manager)
    published = actions.publish_agreed(cycle=crc.cycle, user=world.msd_manager)
    assert labels(published) == ["CRC-2023/para 12"]
    assert Recommendation.objects.get(pk=crc.pk).text == "Agreed wording."


def test_an_action_shared_with_another_body_is_agreed_in_both(world, agreed):
    """An action answering recommendations of two bodies is content of both
    cycles; either lead agency may publish it (``scoping``)."""
    crc = world.crc_recommendation
    shared = Action(
        reference="ACT-SHARED",
        title="Shared action",
        lead_agency=world.msd,
        live=False,
    )
    shared.save()
    shared.recommendations.set([crc, world.upr_recommendation])
    shared.save()
    shared.save_revision(user=world.moj_manager)
    assert "ACT-SHARED" in labels(actions.agreed_content(cycle=agreed["cycle"]))
    assert "ACT-SHARED" in labels(actions.agreed_content(cycle=crc.cycle))
    # Cabinet has decided on CRC-2023, not on UPR-2024: the action waits.
    decide(crc.cycle, world.msd_manager)
    assert actions.publish_agreed(cycle=crc.cycle, user=world.msd_manager) == []
    assert Action.objects.get(pk=shared.pk).live is False
    decide(agreed["cycle"], world.moj_manager)
    published = actions.publish_agreed(cycle=crc.cycle, user=world.msd_manager)
    assert labels(published) == ["ACT-SHARED"]
    assert Action.objects.get(pk=shared.pk).live_revision.user == world.msd_manager


def test_nothing_agreed_publishes_nothing(world, response):
    cycle = world.crc_recommendation.cycle
    decide(cycle, world.msd_manager)
    assert actions.publish_agreed(cycle=cycle, user=world.msd_manager) == []
