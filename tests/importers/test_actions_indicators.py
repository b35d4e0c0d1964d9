"""Actions with their recommendation links, indicators with their action."""

import datetime

import pytest

from content_models.models import Action, DueDate, Indicator
from importers.reading import Source

from ..factories import ActionFactory, RecommendationFactory
from .conftest import FILES, do_import, problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations(taxonomies):
    do_import("recommendations", Source.from_path(FILES / "recommendations.csv"))


def test_actions_link_recommendations_by_cycle_and_reference(recommendations):
    run = do_import("actions", Source.from_path(FILES / "actions.csv"))
    assert problems(run) == []
    assert run.summary() == "2 created, 0 updated, 0 unchanged"
    first = Action.objects.get(reference="ACT-0001").get_latest_revision_as_object()
    assert sorted(rec.natural_key_label for rec in first.recommendations.all()) == [
        "CAT-2023/para 12(a)",
        "UPR-2024/122.1",
    ]
    assert (first.lead_agency.code, first.progress_status, first.pre_existing) == (
        "TPA",
        "in_progress",
        True,
    )
    assert sorted(c.letter for c in first.smart_criteria.all()) == ["M", "R", "S", "T"]
    assert first.target_date == datetime.date(2027, 6, 30)
    second = Action.objects.get(reference="ACT-0002").get_latest_revision_as_object()
    assert [rec.reference for rec in second.recommendations.all()] == ["para 12(a)"]
    assert second.progress_status == "in_preparation"


def test_a_missing_recommendation_is_named_with_a_suggestion(recommendations):
    run = do_import(
        "actions",
        "reference,title,recommendations\nACT-1,T,UPR-2024/122.11; 122.1\n",
    )
    assert problems(run) == [
        "row 2, recommendations: there is no recommendation “122.11” in UPR-2024 "
        "(did you mean UPR-2024/122.1?). “122.1”: write each recommendation as "
        "CYCLE/REFERENCE, e.g. UPR-2024/122.45."
    ]
    assert Action.objects.count() == 0


def test_smart_letters_and_statuses_are_checked(recommendations):
    run = do_import(
        "actions", "reference,title,smart,progress_status\nACT-1,T,SMX,finished\n"
    )
    assert problems(run) == [
        "row 2, smart: “SMX”: X is not a SMART letter (use S, M, A, R, T).",
        "row 2, progress_status: “finished” is not one of: in_preparation, "
        "in_progress, completed.",
    ]


def test_indicators_belong_to_an_action(recommendations):
    do_import("actions", Source.from_path(FILES / "actions.csv"))
    run = do_import("indicators", Source.from_path(FILES / "indicators.csv"))
    assert problems(run) == []
    first = Indicator.objects.get(reference="IND-0001").get_latest_revision_as_object()
    assert (first.action.reference, first.kind, first.report_every_months) == (
        "ACT-0001",
        "key_deliverable",
        6,
    )
    assert first.responsible_agency.code == "TPA"
    assert Indicator.objects.get(reference="IND-0002").action.reference == "ACT-0002"


def test_indicator_schedule_rules(recommendations):
    ActionFactory(reference="ACT-1")
    run = do_import(
        "indicators",
        "reference,action,title,start_date,end_date,report_every_months\n"
        "IND-1,ACT-1,T,2026-06-01,2026-01-01,\n"
        "IND-2,ACT-1,T,,,3\n"
        "IND-3,ACT-1,T,,,5\n",
    )
    assert problems(run) == [
        "row 2, end_date: 2026-01-01 is before the start date 2026-06-01.",
        "row 3, start_date: a repeating schedule (every 3 months) needs a start date.",
        "row 4, report_every_months: “5” is not one of: 1, 3, 6, 12.",
    ]


def test_a_new_indicator_needs_the_action_column(recommendations):
    run = do_import("indicators", "reference,title\nIND-1,T\n")
    assert problems(run) == [
        "row 2, action: a new indicator needs its action; add the action column."
    ]


def test_updating_indicators_without_the_action_column(recommendations):
    ActionFactory(reference="ACT-1")
    do_import("indicators", "reference,action,title\nIND-1,ACT-1,Old\n")
    run = do_import("indicators", "reference,title\nIND-1,New\n")
    assert run.summary() == "0 created, 1 updated, 0 unchanged"
    assert Indicator.objects.get().get_latest_revision_as_object().title == "New"


def test_published_indicators_get_their_due_dates(recommendations, admin_user):
    action = ActionFactory(reference="ACT-1")
    action.save_revision().publish()
    run = do_import(
        "indicators",
        "reference,action,title,start_date,end_date,report_every_months\n"
        "IND-1,ACT-1,T,2026-01-01,2026-12-31,6\n",
        user=admin_user,
        publish=True,
    )
    assert run.summary() == "1 created, 0 updated, 0 unchanged, 1 published"
    assert list(
        DueDate.objects.filter(indicator__reference="IND-1").values_list(
            "date", flat=True
        )
    ) == [datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)]


def test_actions_of_live_recommendations_keep_draft_links_in_revisions(recommendations):
    live = RecommendationFactory(cycle__code="UPR-2024", reference="99")
    live.save_revision().publish()
    do_import("actions", "reference,title,recommendations\nACT-1,T,UPR-2024/99\n")
    action = Action.objects.get()
    assert [r.reference for r in action.recommendations.all()] == ["99"]
    assert live.actions.count() == 1


def test_changing_every_kind_of_field_of_a_draft(recommendations):
    ActionFactory(reference="ACT-1")
    ActionFactory(reference="ACT-2")
    header = (
        "reference,action,title,kind,responsible_agency,start_date,end_date,"
        "report_every_months,smart\n"
    )
    do_import(
        "indicators",
        header + "IND-1,ACT-1,T,process step,MoJ,2026-01-01,2026-12-31,6,S\n",
    )
    run = do_import("indicators", header + "IND-1,ACT-2,T2,key deliverable,,,,,SM\n")
    assert run.summary() == "0 created, 1 updated, 0 unchanged"
    row = Indicator.objects.get()
    assert (
        row.action.reference,
        row.title,
        row.kind,
        row.responsible_agency,
        row.start_date,
        row.end_date,
        row.report_every_months,
        sorted(criterion.letter for criterion in row.smart_criteria.all()),
    ) == ("ACT-2", "T2", "key_deliverable", None, None, None, None, ["M", "S"])
    assert row.get_latest_revision_as_object().action.reference == "ACT-2"


def test_changed_smart_letters_record_the_importer_as_assessor(
    recommendations, admin_user
):
    header = "reference,action,title,smart\n"
    ActionFactory(reference="ACT-1")
    do_import("indicators", header + "IND-1,ACT-1,T,S\n", user=admin_user)
    created = Indicator.objects.get().get_latest_revision_as_object()
    assert (created.smart_assessed_by, created.smart_reasons()["S"]) == (
        admin_user,
        "",
    )
    first = created.smart_assessed_at
    assert first is not None

    # A file that leaves the letters as they are keeps the assessment's time.
    run = do_import("indicators", header + "IND-1,ACT-1,T2,S\n")
    assert run.summary() == "0 created, 1 updated, 0 unchanged"
    unchanged = Indicator.objects.get().get_latest_revision_as_object()
    assert (
        unchanged.title,
        unchanged.smart_assessed_by,
        unchanged.smart_assessed_at,
    ) == (
        "T2",
        admin_user,
        first,
    )

    # Changed letters, by the command without a user: no assessor, a new time.
    run = do_import("indicators", header + "IND-1,ACT-1,T2,SM\n")
    changed = Indicator.objects.get().get_latest_revision_as_object()
    assert sorted(c.letter for c in changed.smart_criteria.all()) == ["M", "S"]
    assert changed.smart_assessed_by is None
    assert changed.smart_assessed_at > first
