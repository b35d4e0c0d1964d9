"""Constraints, validation, current cycles and drafts versus live content."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from content_models.models import (
    Action,
    HumanRightsBody,
    Indicator,
    Recommendation,
    ReportingCycle,
)

from ..factories import (
    ActionFactory,
    HumanRightsBodyFactory,
    HumanRightsIssueFactory,
    IndicatorFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)

pytestmark = pytest.mark.django_db


def test_reference_is_unique_within_a_cycle_but_not_across_cycles():
    first = RecommendationFactory(reference="122.45")
    other_cycle = ReportingCycleFactory()
    RecommendationFactory(reference="122.45", cycle=other_cycle)

    duplicate = Recommendation(cycle=first.cycle, reference="122.45", text="Again")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == [
        "A recommendation with this reference already exists in this cycle."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Recommendation.objects.filter(reference="122.45").count() == 2


def test_uhri_id_is_unique_when_set_and_may_be_blank_many_times():
    RecommendationFactory(uhri_id="")
    RecommendationFactory(uhri_id="")
    kept = RecommendationFactory(uhri_id="a1b2c3")

    clash = RecommendationFactory.build(
        cycle=kept.cycle, reference="9", uhri_id="a1b2c3"
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert error.value.messages == [
        "Another recommendation already has this UHRI annotation id."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    assert Recommendation.objects.filter(uhri_id="a1b2c3").count() == 1


def test_a_fifth_follow_up_in_a_cycle_is_refused():
    cycle = ReportingCycleFactory(code="CAT-2023")
    for number in range(4):
        RecommendationFactory(cycle=cycle, reference=f"para {number}", follow_up=True)
    fifth = RecommendationFactory(cycle=cycle, reference="para 9")

    fifth.follow_up = True
    with pytest.raises(ValidationError) as error:
        fifth.full_clean()
    assert error.value.message_dict == {
        "follow_up": [
            "CAT-2023 already has 4 follow-up recommendations; a committee asks "
            "for at most 4."
        ]
    }
    # One of the four may still be edited and saved.
    RecommendationFactory._meta.model.objects.filter(cycle=cycle).first().full_clean()
    assert Recommendation.objects.filter(cycle=cycle, follow_up=True).count() == 4


def test_upr_response_only_on_upr_cycles_and_grade_only_on_follow_ups():
    treaty = RecommendationFactory()
    treaty.upr_response = Recommendation.UprResponse.NOTED
    treaty.follow_up_grade = "B"
    with pytest.raises(ValidationError) as error:
        treaty.full_clean()
    assert error.value.message_dict == {
        "upr_response": [
            "Only Universal Periodic Review recommendations have a UPR response."
        ],
        "follow_up_grade": [
            "A follow-up grade needs the recommendation to be a follow-up."
        ],
    }

    upr = ReportingCycleFactory(
        body=HumanRightsBodyFactory(code="UPR", kind=HumanRightsBody.Kind.UPR)
    )
    supported = RecommendationFactory.build(
        cycle=upr, reference="1.1", upr_response="supported"
    )
    supported.full_clean()


def test_indicator_end_before_start_is_refused():
    indicator = IndicatorFactory.build(
        action=ActionFactory(),
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.message_dict["end_date"] == [
        "The end date is before the start date."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()
    assert Indicator.objects.count() == 0


def test_repeating_indicator_needs_a_start_date():
    indicator = IndicatorFactory.build(action=ActionFactory(), report_every_months=3)
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.message_dict == {
        "start_date": ["A repeating schedule needs a start date."]
    }


def test_action_reference_is_unique():
    ActionFactory(reference="ACT-1")
    with pytest.raises(ValidationError) as error:
        ActionFactory.build(reference="ACT-1", lead_agency=None).full_clean()
    assert error.value.message_dict == {
        "reference": ["Action with this Reference already exists."]
    }


def test_the_latest_cycle_of_each_body_is_current():
    upr = HumanRightsBodyFactory(code="UPR")
    cat = HumanRightsBodyFactory(code="CAT")
    old = ReportingCycleFactory(body=upr, code="UPR-2019", received_on="2019-01-21")
    new = ReportingCycleFactory(body=upr, code="UPR-2024", received_on="2024-01-22")
    undated = ReportingCycleFactory(body=cat, code="CAT-2023")

    assert sorted(ReportingCycle.objects.current().values_list("code", flat=True)) == [
        "CAT-2023",
        "UPR-2024",
    ]
    assert new.is_current is True
    assert old.is_current is False
    assert undated.is_current is True

    RecommendationFactory(cycle=old, reference="1")
    RecommendationFactory(cycle=new, reference="2")
    assert list(
        Recommendation.objects.current().values_list("reference", flat=True)
    ) == ["2"]


def test_strings_a_person_recognises():
    recommendation = RecommendationFactory(
        cycle=ReportingCycleFactory(code="UPR-2024"),
        reference="122.45",
        text="Ratify the Optional Protocol to the Convention against Torture.",
    )
    assert str(recommendation) == (
        "UPR-2024/122.45 — Ratify the Optional Protocol to the Convention against "
        "Torture."
    )
    recommendation.title = "Ratify OPCAT"
    assert str(recommendation) == "UPR-2024/122.45 — Ratify OPCAT"
    assert str(ActionFactory(reference="ACT-7", title="Review")) == "ACT-7 — Review"


def test_a_draft_of_a_live_action_keeps_the_live_row_and_relations_until_publish():
    housing = HumanRightsIssueFactory(slug="housing")
    health = HumanRightsIssueFactory(slug="health")
    recommendation = RecommendationFactory()
    action = ActionFactory(live=False, title="Original title")
    action.issues.set([housing])
    action.recommendations.set([recommendation])
    action.save_revision().publish()

    draft = Action.objects.get(pk=action.pk).get_latest_revision_as_object()
    draft.title = "Edited title"
    draft.issues.set([housing, health])
    draft.recommendations.set([])
    revision = draft.save_revision()

    live = Action.objects.get(pk=action.pk)
    assert live.title == "Original title"
    assert live.has_unpublished_changes is True
    assert list(live.issues.values_list("slug", flat=True)) == ["housing"]
    assert list(live.recommendations.all()) == [recommendation]
    assert list(recommendation.actions.all()) == [live]

    latest = live.get_latest_revision_as_object()
    assert latest.title == "Edited title"
    assert sorted(issue.slug for issue in latest.issues.all()) == ["health", "housing"]

    revision.publish()
    live = Action.objects.get(pk=action.pk)
    assert live.title == "Edited title"
    assert live.has_unpublished_changes is False
    assert sorted(live.issues.values_list("slug", flat=True)) == ["health", "housing"]
    assert list(live.recommendations.all()) == []


def test_a_new_draft_is_not_live_and_its_relations_wait_for_publish():
    housing = HumanRightsIssueFactory(slug="housing")
    action = ActionFactory(live=False)
    action.issues.set([housing])
    action.save_revision()

    assert Action.objects.live().filter(pk=action.pk).exists() is False
    assert Action.objects.drafts().filter(pk=action.pk).exists() is True
    action.get_latest_revision().publish()
    assert Action.objects.live().get(pk=action.pk).issues.get() == housing


def test_rows_read_back_and_child_relations_given_to_the_constructor():
    """ModeratedContent skips modelcluster's look for child relations when a
    row is read from the database (nothing by keyword); given by keyword,
    they are still taken as modelcluster takes them."""
    issue = HumanRightsIssueFactory(slug="justice")
    saved = RecommendationFactory(reference="1.1", text="End seclusion.")
    saved.issues.set([issue])
    saved.save()

    read = Recommendation.objects.get(pk=saved.pk)
    assert (read.reference, read.text, read.cycle_id) == (
        "1.1",
        "End seclusion.",
        saved.cycle_id,
    )
    assert [i.slug for i in read.issues.all()] == ["justice"]
    assert read._state.adding is False

    built = Recommendation(
        cycle=saved.cycle, reference="1.2", text="Secure housing.", issues=[issue]
    )
    assert [i.slug for i in built.issues.all()] == ["justice"]  # not yet saved
    built.save()
    assert [i.slug for i in Recommendation.objects.get(pk=built.pk).issues.all()] == [
        "justice"
    ]
