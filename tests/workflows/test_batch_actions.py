"""Batch actions on the listings: scoped like every other action, all or
nothing, each change a revision by the person who made it."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, WorkflowState

from content_models.models import Action, Recommendation

from ..factories import (
    AffectedGroupFactory,
    HumanRightsIssueFactory,
    ProgressReportFactory,
    RecommendationFactory,
)
from .admin_helpers import assert_redirected_away, messages_of, snapshot

pytestmark = pytest.mark.django_db


def bulk_url(model, action_type, *objects):
    path = reverse("wagtail_bulk_action", args=("content_models", model, action_type))
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    return f"{path}?{ids}"


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def upr(world):
    """Two published UPR recommendations and the Police action, published."""
    second = RecommendationFactory(cycle=world.upr_recommendation.cycle)
    for obj in (world.upr_recommendation, second, world.police_action):
        obj.save_revision().publish()
    return [fresh(world.upr_recommendation), fresh(second)]


def test_a_manager_adds_an_agency_to_several_items_as_by_hand(client, world, upr):
    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("recommendation", "change_agency", *upr),
        {"operation": "add", "value": world.msd.pk},
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Ministry of Social Development (MSD) added to 2 of 2 recommendations."
    )
    for recommendation in upr:
        after = fresh(recommendation)
        assert world.msd in after.responsible_agencies.all()
        assert after.live is True
        assert after.has_unpublished_changes is False
        assert after.live_revision.user == world.moj_manager
        assert after.latest_revision == after.live_revision
        assert ModelLogEntry.objects.filter(
            object_id=str(after.pk),
            action="wagtail.publish",
            user=world.moj_manager,
        ).exists()


def test_another_bodys_item_refuses_the_whole_batch(client, world, upr):
    crc = fresh(world.crc_recommendation)
    selected = [*upr, crc]
    before = [snapshot(obj) for obj in selected]
    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("recommendation", "change_agency", *selected),
        {"operation": "add", "value": world.moj.pk},
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Nothing was changed: you may not change 1 of the selected "
        f"recommendations ({crc}). Select only the items of the bodies your "
        "agency leads."
    )
    assert [snapshot(obj) for obj in selected] == before

    # Positive control: the same manager, their own body's items only.
    response = client.post(
        bulk_url("recommendation", "change_agency", *upr),
        {"operation": "add", "value": world.moj.pk},
    )
    assert response.status_code == 302
    assert all(world.moj in fresh(obj).responsible_agencies.all() for obj in upr)


def test_the_confirmation_page_names_what_is_out_of_scope(client, world, upr):
    crc = fresh(world.crc_recommendation)
    client.force_login(world.moj_manager)
    response = client.get(bulk_url("recommendation", "change_agency", upr[0], crc))
    assert response.status_code == 200
    assert [item["item"] for item in response.context["items"]] == [upr[0]]
    assert response.context["items_with_no_access"] == [crc]
    assert "Yes, change them" not in response.content.decode()


def test_a_contributor_may_not_use_batch_actions(client, world, upr):
    before = [snapshot(obj) for obj in upr]
    client.force_login(world.police_contributor)
    response = client.post(
        bulk_url("recommendation", "change_agency", *upr),
        {"operation": "add", "value": world.police.pk},
    )
    assert response.status_code == 302
    assert messages_of(response)[-1].startswith(
        "Nothing was changed: you may not change 2 of the selected recommendations"
    )
    assert [snapshot(obj) for obj in upr] == before


def test_anonymous_is_sent_to_the_login(client, world, upr):
    before = snapshot(upr[0])
    response = client.post(
        bulk_url("recommendation", "change_agency", upr[0]),
        {"operation": "add", "value": world.police.pk},
    )
    assert_redirected_away(response, "anonymous")
    assert snapshot(upr[0]) == before


def test_removing_an_issue_and_adding_a_group_on_actions(client, world, upr):
    issue = HumanRightsIssueFactory(name="Policing")
    group = AffectedGroupFactory(name="Young people")
    action = fresh(world.police_action)
    action.issues.add(issue)
    action.save_revision(user=world.admin).publish(user=world.admin)
    client.force_login(world.admin)

    response = client.post(
        bulk_url("action", "change_issue", action),
        {"operation": "remove", "value": issue.pk},
    )
    assert messages_of(response)[-1] == "Policing removed from 1 of 1 actions."
    response = client.post(
        bulk_url("action", "change_affected_group", action),
        {"operation": "add", "value": group.pk},
    )
    assert messages_of(response)[-1] == "Young people added to 1 of 1 actions."
    after = fresh(action)
    assert list(after.issues.all()) == []
    assert list(after.affected_groups.all()) == [group]
    assert after.live_revision.user == world.admin


def test_a_pending_draft_keeps_its_edits_and_its_review(client, world, upr):
    recommendation = upr[0]
    draft = recommendation.get_latest_revision_as_object()
    draft.title = "A draft title"
    draft.save_revision(user=world.police_contributor)
    draft.get_workflow().start(draft, world.police_contributor)
    published_title = fresh(recommendation).title

    client.force_login(world.moj_manager)
    client.post(
        bulk_url("recommendation", "change_agency", recommendation),
        {"operation": "add", "value": world.msd.pk},
    )
    after = fresh(recommendation)
    assert after.title == published_title
    assert world.msd in after.responsible_agencies.all()
    assert after.has_unpublished_changes is True
    pending = after.get_latest_revision_as_object()
    assert pending.title == "A draft title"
    assert world.msd in pending.responsible_agencies.all()
    assert after.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_linking_recommendations_to_an_action(client, world, upr):
    action = fresh(world.police_action)
    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("recommendation", "link_to_action", *upr), {"action": action.pk}
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (f"1 of 2 recommendations linked to {action}.")
    after = fresh(action)
    assert set(after.recommendations.all()) == set(upr)
    assert after.live_revision.user == world.moj_manager

    # Another body's recommendation: refused, nothing changed.
    crc = fresh(world.crc_recommendation)
    before = snapshot(action)
    response = client.post(
        bulk_url("recommendation", "link_to_action", crc), {"action": action.pk}
    )
    assert messages_of(response)[-1].startswith("Nothing was changed")
    assert snapshot(action) == before


def test_linking_to_another_bodys_action_is_refused(client, world, upr):
    msd_action = fresh(world.msd_action)
    msd_action.save_revision().publish()
    before = snapshot(msd_action)
    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("recommendation", "link_to_action", upr[0]),
        {"action": msd_action.pk},
    )
    assert response.status_code == 200  # the form says the choice is not valid
    assert "action" in response.context["form"].errors
    assert snapshot(msd_action) == before


def test_approving_and_publishing_several_items(client, world, upr):
    in_review = ProgressReportFactory(action=world.police_action, live=False)
    in_review.save_revision(user=world.police_contributor)
    in_review.get_workflow().start(in_review, world.police_contributor)
    draft = ProgressReportFactory(action=world.police_action, live=False)
    draft.save_revision(user=world.police_contributor)

    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("progressreport", "approve_and_publish", in_review, draft)
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "1 progress report approved and published; 1 progress report published."
    )
    assert fresh(in_review).live is True
    assert fresh(draft).live is True
    assert in_review.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    # As by hand: the draft keeps its author; the log says who published it.
    assert fresh(draft).live_revision.user == world.police_contributor
    assert ModelLogEntry.objects.filter(
        object_id=str(draft.pk),
        content_type__model="progressreport",
        action="wagtail.publish",
        user=world.moj_manager,
    ).exists()


def test_an_empty_report_refuses_the_batch(client, world, upr):
    empty = ProgressReportFactory(action=world.police_action, live=False, body="")
    empty.save_revision(user=world.police_contributor)
    full = ProgressReportFactory(action=world.police_action, live=False)
    full.save_revision(user=world.police_contributor)
    before = [snapshot(empty), snapshot(full)]

    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("progressreport", "approve_and_publish", empty, full)
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        f"Nothing was changed: {empty} has neither a report nor a public "
        "document. Write the report or attach a public document first."
    )
    assert [snapshot(empty), snapshot(full)] == before

    response = client.post(bulk_url("progressreport", "approve_and_publish", full))
    assert fresh(full).live is True


def test_another_managers_items_are_not_approved(client, world, upr):
    draft = Recommendation.objects.get(pk=world.crc_recommendation.pk)
    draft.save_revision(user=world.msd_contributor)
    draft.get_workflow().start(draft, world.msd_contributor)
    before = snapshot(draft)
    client.force_login(world.moj_manager)
    response = client.post(
        bulk_url("recommendation", "approve_and_publish", draft, upr[0])
    )
    assert messages_of(response)[-1].startswith("Nothing was changed")
    assert snapshot(draft) == before

    client.force_login(world.msd_manager)
    client.post(bulk_url("recommendation", "approve_and_publish", draft))
    assert fresh(draft).current_workflow_state is None
    assert draft.workflow_states.get().status == WorkflowState.STATUS_APPROVED


def test_action_model_is_among_the_batch_models():
    from cms.admin.bulk_actions import AgencyBulkAction, LinkToActionBulkAction

    assert AgencyBulkAction.models == [Recommendation, Action]
    assert LinkToActionBulkAction.models == [Recommendation]


def test_the_state_changes_refuse_out_of_scope_callers_too(world, upr):
    """Commands and the API call ``workflows.actions`` directly: the same
    scoping holds there."""
    from django.core.exceptions import PermissionDenied

    from workflows import actions

    recommendation = upr[0]
    before = snapshot(recommendation)
    with pytest.raises(PermissionDenied):
        actions.change_relations(
            obj=recommendation,
            user=world.msd_manager,
            field="responsible_agencies",
            add=[world.msd],
        )
    with pytest.raises(PermissionDenied):
        actions.approve_or_publish(obj=recommendation, user=world.police_contributor)
    with pytest.raises(PermissionDenied):
        actions.link_recommendations(
            action=fresh(world.msd_action),
            recommendations=[recommendation],
            user=world.msd_manager,
        )
    assert snapshot(recommendation) == before

    # Positive control: the body's lead agency manager.
    assert actions.change_relations(
        obj=recommendation,
        user=world.moj_manager,
        field="responsible_agencies",
        add=[world.msd],
    )
    assert world.msd in fresh(recommendation).responsible_agencies.all()
    # The same change again changes nothing, and writes no revision.
    revisions = fresh(recommendation).revisions.count()
    assert not actions.change_relations(
        obj=fresh(recommendation),
        user=world.moj_manager,
        field="responsible_agencies",
        add=[world.msd],
    )
    assert fresh(recommendation).revisions.count() == revisions


def test_only_those_who_may_batch_get_the_checkboxes(client, world, upr):
    listing = reverse("wagtailsnippets_content_models_recommendation:list")
    client.force_login(world.police_contributor)
    response = client.get(listing)
    assert response.status_code == 200
    assert "bulk-action-checkbox" not in response.content.decode()

    client.force_login(world.moj_manager)
    page = client.get(listing).content.decode()
    assert f'data-object-id="{upr[0].pk}" data-bulk-action-checkbox' in page
    assert 'aria-label="Add or remove a responsible agency"' in page
