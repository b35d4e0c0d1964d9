"""Alignment in the admin: the suggestions panel and its one-click proposals,
scoped like every other edit (another agency's items refused, nothing
changed) and moderated (a draft revision sent for approval)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from content_models.models import Action, Recommendation
from tests.factories import ActionFactory, RecommendationFactory
from workflows import actions

from .admin_helpers import messages_of, snapshot, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def aligned(world):
    """The UPR recommendation on children in police cells, the CRC one and
    actions of two agencies saying the same in other words."""
    world.upr_recommendation.text = "End the detention of children in police cells."
    world.upr_recommendation.save()
    world.crc_recommendation.text = "Stop holding children in police cells overnight."
    world.crc_recommendation.save()
    world.police_custody = ActionFactory(
        reference="ACT-POL-2",
        title="No children held in police cells",
        lead_agency=world.police,
    )
    world.msd_homes = ActionFactory(
        reference="ACT-MSD-2",
        title="Remand homes so children leave police cells",
        lead_agency=world.msd,
    )
    return world


def link_url(recommendation, action):
    return reverse("alignment_link_action", args=[recommendation.pk, action.pk])


def relate_url(recommendation, other):
    return reverse("alignment_relate", args=[recommendation.pk, other.pk])


def draft_links(action):
    draft = Action.objects.get(pk=action.pk).get_latest_revision_as_object()
    return sorted(r.pk for r in draft.recommendations.all())


def test_another_agencys_action_is_refused_and_unchanged(client, aligned):
    w = aligned
    client.force_login(w.msd_contributor)
    before = snapshot(w.police_custody)

    response = client.post(link_url(w.crc_recommendation, w.police_custody))

    # Not even readable to MSD's contributor: the same 404 as an unknown id.
    assert response.status_code == 404
    assert snapshot(w.police_custody) == before
    assert w.police_custody.workflow_states.count() == 0

    # Positive control: the same contributor proposes MSD's own action.
    response = client.post(link_url(w.crc_recommendation, w.msd_homes))
    assert response.status_code == 302
    assert response["Location"] == url("recommendation", "edit", w.crc_recommendation)
    assert draft_links(w.msd_homes) == [w.crc_recommendation.pk]
    assert Action.objects.get(pk=w.msd_homes.pk).workflow_in_progress


def test_a_readable_action_the_user_may_not_change_is_refused(client, aligned):
    """The UPR lead agency's manager reads MSD's action but may not change it."""
    w = aligned
    client.force_login(w.moj_manager)
    before = snapshot(w.msd_homes)

    response = client.post(link_url(w.upr_recommendation, w.msd_homes))

    assert response.status_code == 302
    assert messages_of(response) == [
        "You may not change ACT-MSD-2: ask its agency to link it."
    ]
    assert snapshot(w.msd_homes) == before
    assert w.msd_homes.workflow_states.count() == 0
    # Positive control: an action answering a recommendation of the body the
    # manager's agency leads.
    client.post(link_url(w.crc_recommendation, w.police_action))
    assert draft_links(w.police_action) == sorted(
        [w.upr_recommendation.pk, w.crc_recommendation.pk]
    )


def test_a_proposed_link_is_a_draft_until_approved(client, aligned):
    w = aligned
    w.police_action.save_revision().publish()
    client.force_login(w.police_contributor)

    response = client.post(link_url(w.crc_recommendation, w.police_action))

    assert response.status_code == 302
    assert messages_of(response) == [
        "Proposed: ACT-POL-1 answers CRC-2023/para 12. A draft of the action is "
        "awaiting approval."
    ]
    live = Action.objects.get(pk=w.police_action.pk)
    # The public sees no change until the lead agency approves.
    assert list(live.recommendations.all()) == [w.upr_recommendation]
    assert live.has_unpublished_changes and live.workflow_in_progress
    assert live.latest_revision.user == w.police_contributor

    actions.approve(obj=live, user=w.moj_manager)

    assert sorted(
        r.pk for r in Action.objects.get(pk=live.pk).recommendations.all()
    ) == sorted([w.upr_recommendation.pk, w.crc_recommendation.pk])
    # Proposing again changes nothing.
    assert not actions.propose_existing_action(
        action=live,
        recommendation=w.crc_recommendation,
        user=w.police_contributor,
        as_respondent=False,
    )


def test_relating_recommendations_is_scoped_and_moderated(client, aligned):
    w = aligned
    client.force_login(w.msd_contributor)
    before = snapshot(w.upr_recommendation)

    response = client.post(relate_url(w.upr_recommendation, w.crc_recommendation))

    assert response.status_code == 302
    assert messages_of(response) == ["You may not change UPR-2024/122.1."]
    assert snapshot(w.upr_recommendation) == before

    # Positive control: the contributor of the responsible agency may.
    client.force_login(w.police_contributor)
    response = client.post(relate_url(w.upr_recommendation, w.crc_recommendation))
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(pk=w.upr_recommendation.pk)
    draft = recommendation.get_latest_revision_as_object()
    assert list(draft.related_recommendations.all()) == [w.crc_recommendation]
    assert recommendation.workflow_in_progress
    assert list(w.crc_recommendation.published_related()) == []

    actions.approve(obj=recommendation, user=w.moj_manager)

    assert list(w.crc_recommendation.published_related()) == [w.upr_recommendation]
    assert list(recommendation.published_related()) == [w.crc_recommendation]
    # Recorded on one, related on both: recording it the other way changes nothing.
    assert not actions.propose_related_recommendation(
        recommendation=w.crc_recommendation,
        related=w.upr_recommendation,
        user=w.msd_manager,
    )


def test_a_recommendation_of_the_same_cycle_is_not_related(aligned):
    w = aligned
    same = RecommendationFactory(cycle=w.upr_recommendation.cycle, reference="122.2")
    before = snapshot(w.upr_recommendation)
    with pytest.raises(ValidationError) as refused:
        actions.propose_related_recommendation(
            recommendation=w.upr_recommendation, related=same, user=w.moj_manager
        )
    assert refused.value.messages == [
        "A related recommendation must be of another body or cycle."
    ]
    assert snapshot(w.upr_recommendation) == before


def test_the_edit_view_shows_suggestions_with_the_buttons_the_user_may_use(
    client, aligned
):
    w = aligned
    client.force_login(w.moj_manager)

    response = client.get(url("recommendation", "edit", w.upr_recommendation))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-alignment-action="ACT-POL-2"' in page
    assert 'data-alignment-action="ACT-MSD-2"' in page
    assert 'data-alignment-recommendation="CRC-2023/para 12"' in page
    # The manager may change the recommendation (UPR), not actions answering
    # no UPR recommendation yet: those are their agencies' to propose.
    assert "Propose linking this action" not in page
    assert relate_url(w.upr_recommendation, w.crc_recommendation) in page


def test_the_suggestions_are_drafts_of_the_editors_scope_only(client, aligned):
    w = aligned
    ActionFactory(
        reference="ACT-MSD-3",
        title="Children in police cells (draft)",
        lead_agency=w.msd,
        live=False,
    )
    client.force_login(w.police_contributor)
    page = client.get(
        url("recommendation", "edit", w.upr_recommendation)
    ).content.decode()
    assert 'data-alignment-action="ACT-POL-2"' in page
    assert "ACT-MSD-2" not in page and "ACT-MSD-3" not in page

    client.force_login(w.msd_contributor)
    page = client.get(
        url("recommendation", "edit", w.crc_recommendation)
    ).content.decode()
    assert 'data-alignment-action="ACT-MSD-3"' in page


def test_the_include_for_other_admin_pages_has_a_form_of_its_own(rf, aligned):
    """What the response board shows beside each recommendation."""
    from django.template import RequestContext, Template

    w = aligned
    request = rf.get("/admin/board/?cycle=UPR-2024")
    request.user = w.police_contributor
    page = Template(
        "{% load monitor_alignment %}{% alignment_suggestions recommendation %}"
    ).render(RequestContext(request, {"recommendation": w.upr_recommendation}))

    assert '<form method="post">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert (
        link_url(w.upr_recommendation, w.police_custody)
        + "?next=/admin/board/%3Fcycle%3DUPR-2024"
    ) in page


def test_a_proposal_returns_to_the_page_it_came_from_on_this_site_only(client, aligned):
    w = aligned
    client.force_login(w.police_contributor)
    target = link_url(w.upr_recommendation, w.police_custody)

    response = client.post(target + "?next=/admin/board/%3Fcycle%3DUPR-2024")
    assert response["Location"] == "/admin/board/?cycle=UPR-2024"

    response = client.post(target + "?next=https://example.com/")
    assert response["Location"] == url("recommendation", "edit", w.upr_recommendation)


def test_the_panel_aligns_the_draft_the_editor_is_editing(client, aligned):
    """A published recommendation with a newer draft: the suggestions follow
    the draft's words, not the published ones."""
    w = aligned
    rehousing = ActionFactory(
        reference="ACT-POL-3",
        title="Emergency housing for whānau",
        lead_agency=w.police,
    )
    w.upr_recommendation.save_revision().publish()
    draft = Recommendation.objects.get(pk=w.upr_recommendation.pk)
    draft.text = "Provide emergency housing to homeless whānau."
    draft.save_revision()
    client.force_login(w.moj_manager)

    page = client.get(
        url("recommendation", "edit", w.upr_recommendation)
    ).content.decode()

    assert f'data-alignment-action="{rehousing.reference}"' in page
    assert 'data-alignment-action="ACT-POL-2"' not in page  # police cells


def test_the_response_boards_respond_page_shows_the_suggestions(client, aligned):
    """The board includes ``monitor_admin/alignment/suggestions.html`` beside
    "Propose an existing action"."""
    w = aligned
    client.force_login(w.police_contributor)

    response = client.get(
        reverse("respond_to_recommendation", args=[w.upr_recommendation.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-alignment-action="ACT-POL-2"' in page
    assert link_url(w.upr_recommendation, w.police_custody) in page
    assert "ACT-MSD-2" not in page  # another agency's action, not readable to Police
