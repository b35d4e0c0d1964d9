"""seed_demo: the deterministic New Zealand demo, its idempotency and --scale.

The demo is seeded once for the module (``demo``); the tests read it, and
those that run the command again do it inside their own transaction, rolled
back after them. The demo's logins have a published password, so the command
runs only with DEBUG on (a developer's machine, as here by default) or with
an explicitly unsafe flag; the refusals are in ``test_seed_demo_refusals.py``.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from wagtail.models import Revision, TaskState, WorkflowState

from cms.demo.common import CHANGED, DRAFT
from cms.demo.seed import agency_names
from cms.demo.story import build_story
from content_models.models import (
    Action,
    Agency,
    DueDate,
    HumanRightsBody,
    Indicator,
    ProgressReport,
    Recommendation,
    ReportingCycle,
)
from workflows import roles

from .seed_demo_support import MODERATED, UNSAFE_FLAG, counts, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo, seeded once: the output of the run that wrote it.

    Seeded with DEBUG off and the unsafe flag, the positive control of the
    refusals (the tests' own runs have DEBUG on)."""
    with module_db.unblock(), override_settings(DEBUG=False):
        return seed(UNSAFE_FLAG)


@pytest.fixture(autouse=True)
def debug_on(settings):
    """The command's usual home: a developer's machine (cms.settings.dev)."""
    settings.DEBUG = True


DEMO_SUMMARY = [
    "taxonomy values: 364 created, 0 updated",
    "cycles: 6 created, 1 existing",
    "body lead agencies: 11 created, 0 existing",
    "recommendations: 164 created, 0 existing",
    "actions: 60 created, 0 existing",
    "indicators: 122 created, 0 existing",
    "due dates: 639 created, 0 existing",
    "progress reports: 59 created, 0 existing",
    "demo users: 25 created, 0 existing",
    "items submitted for approval: 4 created, 0 existing",
]
SECOND_RUN_SUMMARY = [
    "taxonomy values: 0 created, 0 updated",
    "cycles: 0 created, 7 existing",
    "body lead agencies: 0 created, 11 existing",
    "recommendations: 0 created, 164 existing",
    "actions: 0 created, 60 existing",
    "indicators: 0 created, 122 existing",
    "due dates: 0 created, 639 existing",
    "progress reports: 0 created, 59 existing",
    "demo users: 0 created, 25 existing",
    "items submitted for approval: 0 created, 1 existing",
]


def snapshot():
    """Every column of every demo row: equal snapshots mean nothing changed."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (*MODERATED, DueDate, ReportingCycle, HumanRightsBody)
    }


def states(model):
    """(live, drafts, live with unpublished changes)."""
    return (
        model.objects.live().count(),
        model.objects.drafts().count(),
        model.objects.live().with_unpublished_changes().count(),
    )


def find(model, key):
    if model is Recommendation:
        return Recommendation.objects.get(cycle__code=key[0], reference=key[1])
    if model is ProgressReport:
        return ProgressReport.objects.get(action__reference=key[0], title=key[1])
    return model.objects.get(reference=key[0])


def scale_counts():
    return (
        Recommendation.objects.filter(reference__startswith="SCALE-R-").count(),
        Action.objects.filter(reference__startswith="SCALE-A-").count(),
        Indicator.objects.filter(reference__startswith="SCALE-I-").count(),
    )


def scale_fingerprint():
    """What the synthetic rows say, independent of primary keys."""
    recommendations = [
        (
            rec.reference,
            rec.cycle.code,
            rec.text,
            rec.live,
            rec.upr_response,
            rec.follow_up,
            sorted(rec.issues.values_list("slug", flat=True)),
            sorted(rec.recommending_states.values_list("code", flat=True)),
        )
        for rec in Recommendation.objects.filter(reference__startswith="SCALE-R-")
    ]
    actions = [
        (
            action.reference,
            action.title,
            action.lead_agency.code,
            action.progress_status,
            action.live,
            sorted(action.recommendations.values_list("reference", flat=True)),
            sorted(action.smart_criteria.values_list("letter", flat=True)),
        )
        for action in Action.objects.filter(reference__startswith="SCALE-A-")
    ]
    indicators = [
        (
            indicator.reference,
            indicator.action.reference,
            indicator.title,
            indicator.start_date,
            indicator.end_date,
            indicator.report_every_months,
            indicator.live,
            list(indicator.due_dates.order_by("date").values_list("date", flat=True)),
        )
        for indicator in Indicator.objects.filter(reference__startswith="SCALE-I-")
    ]
    return recommendations, actions, indicators


def delete_scale_rows():
    DueDate.objects.filter(indicator__reference__startswith="SCALE-I-").delete()
    Indicator.objects.filter(reference__startswith="SCALE-I-").delete()
    Action.objects.filter(reference__startswith="SCALE-A-").delete()
    Recommendation.objects.filter(reference__startswith="SCALE-R-").delete()


def test_the_demo_has_every_state_and_relation(demo):
    assert demo == DEMO_SUMMARY

    cycles = {cycle.code: cycle for cycle in ReportingCycle.objects.all()}
    assert {code: cycle.is_current for code, cycle in cycles.items()} == {
        "UPR-2019": False,
        "UPR-2024": True,
        "CAT-2015": False,
        "CAT-2023": True,
        "CRPD-2022": True,
        "CRC-2023": True,
        "CERD-2023": True,
    }
    assert str(cycles["UPR-2024"].received_on) == "2024-01-22"
    assert cycles["UPR-2024"].document_symbol == "A/HRC/56/8"
    assert str(cycles["CAT-2023"].follow_up_due_on) == "2024-08-11"
    assert dict(HumanRightsBody.objects.values_list("code", "lead_agency__code")) == {
        "UPR": "MoJ",
        "ICCPR": "MoJ",
        "ICESCR": "MoJ",
        "CAT": "MoJ",
        "CERD": "MoJ",
        "CEDAW": "MfW",
        "CRC": "MSD",
        "CRPD": "Whaikaha",
        "CED": "MFAT",
        "CMW": "MBIE",
        "SP": "MFAT",
    }
    per_cycle = {code: cycle.recommendations.count() for code, cycle in cycles.items()}
    assert per_cycle == {
        "UPR-2019": 40,
        "UPR-2024": 60,
        "CAT-2015": 8,
        "CAT-2023": 14,
        "CRPD-2022": 14,
        "CRC-2023": 14,
        "CERD-2023": 14,
    }

    assert states(Recommendation) == (157, 7, 8)
    assert states(Action) == (58, 2, 5)
    assert states(Indicator) == (118, 4, 7)
    assert states(ProgressReport) == (41, 18, 1)
    # One revision per object, plus one per unpublished change.
    revisions = {
        model.__name__: Revision.objects.filter(
            base_content_type__model=model._meta.model_name
        ).count()
        for model in MODERATED
    }
    assert revisions == {
        "Recommendation": 172,
        "Action": 65,
        "Indicator": 129,
        "ProgressReport": 60,
    }

    upr = Recommendation.objects.filter(cycle__body__code="UPR")
    assert upr.filter(upr_response="").count() == 0
    assert upr.filter(recommending_states__isnull=True).count() == 0
    assert sorted(
        upr.filter(cycle__code="UPR-2024").values_list("reference", flat=True)
    )[:3] == ["122.1", "122.10", "122.11"]
    treaty = Recommendation.objects.exclude(cycle__body__code="UPR")
    assert treaty.exclude(upr_response="").count() == 0
    assert treaty.filter(reference__startswith="para ").count() == 64
    assert treaty.filter(follow_up=True).count() == 19
    assert Recommendation.objects.exclude(no_action_reason="").count() == 22
    assert Recommendation.objects.filter(revisit_on__isnull=False).count() == 14
    assert Recommendation.objects.filter(prioritised=True).count() == 24
    assert Action.objects.exclude(cabinet_reference="").count() == 19
    assert Action.objects.filter(pre_existing=True).count() == 25

    # Due dates: exactly the schedule of every live indicator, none for drafts.
    assert DueDate.objects.count() == 639
    for indicator in Indicator.objects.all():
        dates = list(
            indicator.due_dates.order_by("date").values_list("date", flat=True)
        )
        assert dates == (indicator.schedule_dates() if indicator.live else [])
    answered = ProgressReport.objects.filter(due_date__isnull=False)
    assert answered.count() == 43
    for report in answered:
        assert report.due_date.indicator_id == report.indicator_id
        assert report.due_date.action_id == report.action_id

    story = build_story(agency_names())
    # Unpublished changes live in the latest revision, not in the row.
    for model, items in (
        (Recommendation, story.recommendations),
        (Action, story.actions),
        (Indicator, story.indicators),
        (ProgressReport, story.reports),
    ):
        for item in items:
            obj = find(model, item.key)
            assert obj.live == (item.state != DRAFT)
            if item.state == CHANGED:
                draft = obj.get_latest_revision_as_object()
                for name, value in item.change.items():
                    assert getattr(draft, name) == value
                    assert getattr(obj, name) != value

    # Many-to-many relations of live actions persisted through publishing.
    action = Action.objects.get(reference="ACT-MoJ-001")
    assert action.live
    assert not action.has_unpublished_changes
    assert set(action.issues.values_list("short_name", flat=True)) == {
        "Criminal justice",
        "Indigenous rights",
        "Equality",
    }
    assert set(action.recommendations.values_list("cycle__code", "reference")) == {
        ("CAT-2023", "para 19(a)"),
        ("CAT-2023", "para 19(c)"),
        ("CERD-2023", "para 25"),
    }
    assert set(action.responsible_agencies.values_list("code", flat=True)) == {
        "MoJ",
        "TPK",
    }
    assert set(action.smart_criteria.values_list("letter", flat=True)) == {
        "M",
        "A",
        "T",
    }
    for item in story.actions:
        action = find(Action, item.key)
        assert sorted(
            action.recommendations.values_list("cycle__code", "reference")
        ) == sorted(item.relations["recommendations"])
        assert sorted(action.issues.values_list("short_name", flat=True)) == sorted(
            item.relations["issues"]
        )
        assert sorted(
            action.affected_groups.values_list("short_name", flat=True)
        ) == sorted(item.relations["affected_groups"])


def test_the_demo_has_a_login_per_role_and_agency_and_items_in_review(demo):
    User = get_user_model()
    by_role = {
        role: sorted(
            User.objects.filter(groups__name=role).values_list("username", flat=True)
        )
        for role in (
            roles.ADMINISTRATORS,
            roles.LEAD_AGENCY_MANAGERS,
            roles.AGENCY_CONTRIBUTORS,
        )
    }
    assert by_role[roles.ADMINISTRATORS] == ["monitor-admin"]
    assert by_role[roles.LEAD_AGENCY_MANAGERS] == [
        "mbie-manager",
        "mfat-manager",
        "mfw-manager",
        "moj-manager",
        "msd-manager",
        "whaikaha-manager",
    ]
    assert len(by_role[roles.AGENCY_CONTRIBUTORS]) == Agency.objects.count() == 18
    assert "police-contributor" in by_role[roles.AGENCY_CONTRIBUTORS]
    police = User.objects.get(username="police-contributor")
    assert police.check_password("monitor-demo")
    assert list(police.agencies.values_list("code", flat=True)) == ["Police"]
    # Named as the admin shows them: the agency as it writes itself, the role.
    assert police.get_full_name() == "Police Contributor"
    assert User.objects.get(username="moj-manager").get_full_name() == "MoJ Manager"
    assert User.objects.get(username="monitor-admin").get_full_name() == (
        "Monitor Administrator"
    )

    states = sorted(
        (type(state.content_object).__name__, state.status)
        for state in WorkflowState.objects.all()
    )
    assert states == [
        ("Action", "in_progress"),
        ("ProgressReport", "in_progress"),
        ("ProgressReport", "in_progress"),
        ("ProgressReport", "needs_changes"),
    ]
    manager = User.objects.get(username="moj-manager")
    assert TaskState.objects.reviewable_by(manager).count() == 3


def test_a_second_run_creates_and_changes_nothing(demo):
    before_counts, before = counts(), snapshot()

    assert seed() == SECOND_RUN_SUMMARY

    assert counts() == before_counts
    assert snapshot() == before


def test_scale_adds_only_the_missing_synthetic_rows(demo):
    demo_revisions = Revision.objects.count()

    lines = seed("--scale", "30")

    assert lines[len(DEMO_SUMMARY) :] == [
        "scale cycles: 5 created, 0 existing",
        "scale recommendations: 30 created, 0 existing",
        "scale actions: 30 created, 0 existing",
        "scale indicators: 60 created, 0 existing",
        "scale due dates: 214 created, 0 existing",
    ]
    assert scale_counts() == (30, 30, 60)
    assert Recommendation.objects.count() == 164 + 30
    assert Revision.objects.count() == demo_revisions
    assert list(
        ReportingCycle.objects.current()
        .filter(body__code="UPR")
        .values_list("code", flat=True)
    ) == ["UPR-2024"]
    first = scale_fingerprint()
    before_counts = counts()

    lines = seed("--scale", "30")

    assert lines[len(DEMO_SUMMARY) :] == [
        "scale cycles: 0 created, 5 existing",
        "scale recommendations: 0 created, 30 existing",
        "scale actions: 0 created, 30 existing",
        "scale indicators: 0 created, 60 existing",
        "scale due dates: 0 created, 214 existing",
    ]
    assert counts() == before_counts

    lines = seed("--scale", "40")

    assert lines[len(DEMO_SUMMARY) + 1 :] == [
        "scale recommendations: 10 created, 30 existing",
        "scale actions: 10 created, 30 existing",
        "scale indicators: 20 created, 60 existing",
        "scale due dates: 64 created, 214 existing",
    ]
    assert scale_counts() == (40, 40, 80)

    # The same N gives the same data, whatever the database held before.
    delete_scale_rows()
    seed("--scale", "30")
    assert scale_fingerprint() == first
