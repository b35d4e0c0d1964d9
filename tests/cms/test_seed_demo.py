"""seed_demo: the deterministic New Zealand demo, its idempotency and --scale.

The demo is seeded once for the module (``demo``); the tests read it, and
those that run the command again do it inside their own transaction, rolled
back after them. The demo's logins have a published password, so the command
runs only with DEBUG on (a developer's machine, as here by default) or with
an explicitly unsafe flag; the refusals are in ``test_seed_demo_refusals.py``.
"""

import datetime
import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Revision, TaskState, WorkflowState

from cms.demo.common import CHANGED, DRAFT
from cms.demo.models import DemoSeeding
from cms.demo.seed import agency_names, story_version
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

from .seed_demo_support import (
    DEMO_DAY,
    DEMO_NOW,
    DEMO_SUMMARY,
    MODERATED,
    SECOND_RUN_SUMMARY,
    UNSAFE_FLAG,
    counts,
    delete_scale_rows,
    find,
    scale_counts,
    scale_fingerprint,
    seed,
    serve_demo_command,
    snapshot,
    states,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo, seeded once on ``DEMO_DAY``: the output of the run that wrote
    it, and the e-mails sent meanwhile (``demo_mail``).

    Seeded with DEBUG off and the unsafe flag, the positive control of the
    refusals (the tests' own runs have DEBUG on)."""
    with module_db.unblock(), override_settings(DEBUG=False):
        with time_machine.travel(DEMO_NOW, tick=True):
            mail.outbox = []
            lines = seed(UNSAFE_FLAG)
            SENT_WHILE_SEEDING.extend(mail.outbox)
            return lines


SENT_WHILE_SEEDING: list = []


@pytest.fixture(autouse=True)
def debug_on(settings):
    """The command's usual home: a developer's machine (cms.settings.dev)."""
    settings.DEBUG = True


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
        "ICCPR-2026": True,
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
        "ICCPR-2026": 12,
    }

    assert states(Recommendation) == (157, 19, 8)
    assert states(Action) == (55, 8, 5)
    assert states(Indicator) == (110, 12, 3)
    assert states(ProgressReport) == (23, 14, 1)  # 6 of the live ones measured
    # One revision per object, plus one per unpublished change.
    revisions = {
        model.__name__: Revision.objects.filter(
            base_content_type__model=model._meta.model_name
        ).count()
        for model in MODERATED
    }
    assert revisions == {
        "Recommendation": 186,
        "Action": 68,
        "Indicator": 125,
        "ProgressReport": 38,
    }

    upr = Recommendation.objects.filter(cycle__body__code="UPR")
    assert upr.filter(upr_response="").count() == 0
    assert upr.filter(recommending_states__isnull=True).count() == 0
    assert sorted(
        upr.filter(cycle__code="UPR-2024").values_list("reference", flat=True)
    )[:3] == ["122.1", "122.10", "122.11"]
    treaty = Recommendation.objects.exclude(cycle__body__code="UPR")
    assert treaty.exclude(upr_response="").count() == 0
    assert treaty.filter(reference__startswith="para ").count() == 76
    assert treaty.filter(follow_up=True).count() == 22
    assert Recommendation.objects.exclude(no_action_reason="").count() == 10
    assert Recommendation.objects.filter(revisit_on__isnull=False).count() == 5
    assert Recommendation.objects.filter(prioritised=True).count() == 26
    assert Action.objects.exclude(cabinet_reference="").count() == 23
    assert Action.objects.filter(pre_existing=True).count() == 24

    # Due dates: exactly the schedule of every live indicator, none for drafts.
    assert DueDate.objects.count() == 529
    for indicator in Indicator.objects.all():
        dates = list(
            indicator.due_dates.order_by("date").values_list("date", flat=True)
        )
        assert dates == (indicator.schedule_dates() if indicator.live else [])
    answered = ProgressReport.objects.filter(due_date__isnull=False)
    assert answered.count() == 24  # 6 of them measured
    for report in answered:
        assert report.due_date.indicator_id == report.indicator_id
        assert report.due_date.action_id == report.action_id

    story = build_story(agency_names(), today=DEMO_DAY)
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
    # Its only unpublished change proposes it for ICCPR-2026 para 10(a).
    assert action.has_unpublished_changes
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
    # The demo's moderation, then the responses proposed for ICCPR-2026.
    assert states == [
        *[("Action", "in_progress")] * 5,
        ("ProgressReport", "in_progress"),
        ("ProgressReport", "in_progress"),
        ("ProgressReport", "needs_changes"),
        ("Recommendation", "in_progress"),
        ("Recommendation", "in_progress"),
    ]
    manager = User.objects.get(username="moj-manager")
    assert TaskState.objects.reviewable_by(manager).count() == 9


def test_a_second_run_creates_and_changes_nothing(demo):
    before_counts, before = counts(), snapshot()

    assert seed() == SECOND_RUN_SUMMARY

    assert counts() == before_counts
    assert snapshot() == before


def test_scale_adds_only_the_missing_synthetic_rows(demo):
    demo_revisions = Revision.objects.count()

    lines = seed("--scale", "30")

    assert lines[len(SECOND_RUN_SUMMARY) :] == [
        "scale cycles: 5 created, 0 existing",
        "scale recommendations: 30 created, 0 existing",
        "scale actions: 30 created, 0 existing",
        "scale indicators: 60 created, 0 existing",
        "scale due dates: 214 created, 0 existing",
    ]
    assert scale_counts() == (30, 30, 60)
    assert Recommendation.objects.count() == 176 + 30
    assert Revision.objects.count() == demo_revisions
    assert list(
        ReportingCycle.objects.current()
        .filter(body__code="UPR")
        .values_list("code", flat=True)
    ) == ["UPR-2024"]
    first = scale_fingerprint()
    before_counts = counts()

    lines = seed("--scale", "30")

    assert lines[len(SECOND_RUN_SUMMARY) :] == [
        "scale cycles: 0 created, 5 existing",
        "scale recommendations: 0 created, 30 existing",
        "scale actions: 0 created, 30 existing",
        "scale indicators: 0 created, 60 existing",
        "scale due dates: 0 created, 214 existing",
    ]
    assert counts() == before_counts

    lines = seed("--scale", "40")

    assert lines[len(SECOND_RUN_SUMMARY) + 1 :] == [
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


def test_the_demo_dates_are_placed_around_its_day(demo):
    """Seeded on 6 Dec 2026: most actions on time, a few past their target
    date, a few reports overdue and a few due within the reminders' 30 days."""
    unfinished = Action.objects.live().exclude(progress_status="completed")
    assert unfinished.count() == 46
    assert sorted(
        unfinished.filter(target_date__lt=DEMO_DAY).values_list("reference", flat=True)
    ) == ["ACT-DIA-002", "ACT-MBIE-004", "ACT-MSD-005", "ACT-MSD-006", "ACT-MoH-001"]
    overdue = DueDate.objects.overdue(today=DEMO_DAY)
    assert sorted(overdue.values_list("action__reference", "date")) == [
        ("ACT-MBIE-002", datetime.date(2026, 11, 1)),
        ("ACT-MoJ-007", datetime.date(2026, 12, 1)),
    ]
    soon = DueDate.objects.owed().filter(
        date__gte=DEMO_DAY, date__lte=DEMO_DAY + datetime.timedelta(days=30)
    )
    assert soon.count() == 10
    # Schedules start from half a year before the demo day to a year after
    # (the two measured indicators' yearly figures started three years ago).
    starts = Indicator.objects.filter(unit="").values_list("start_date", flat=True)
    assert (min(starts), max(starts)) == (
        datetime.date(2026, 6, 1),
        datetime.date(2027, 12, 1),
    )
    # The actions proposed for ICCPR-2026 have no target date yet.
    assert Action.objects.filter(target_date=None).count() == 3
    targets = Action.objects.exclude(target_date=None).values_list(
        "target_date", flat=True
    )
    assert (min(targets), max(targets)) == (
        datetime.date(2026, 9, 30),
        datetime.date(2029, 3, 31),
    )
    assert sorted(
        set(
            Recommendation.objects.exclude(revisit_on=None).values_list(
                "revisit_on", flat=True
            )
        )
    ) == [
        datetime.date(2027, 6, 30),
        datetime.date(2027, 12, 31),
        datetime.date(2028, 12, 31),
    ]
    # The history stays history: the cycles' own dates do not move.
    assert str(ReportingCycle.objects.get(code="UPR-2024").received_on) == "2024-01-22"


def test_seeding_sends_no_email(demo):
    assert SENT_WHILE_SEEDING == []
    # Positive control: outside seeding, submitting an item for approval
    # e-mails its approvers as usual (the receivers were connected again).
    report = (
        ProgressReport.objects.filter(live=False, _workflow_states__isnull=True)
        .order_by("pk")
        .first()
    )
    author = get_user_model().objects.get(username="police-contributor")
    report.get_workflow().start(report, author)
    assert len(mail.outbox) >= 1
    assert all(message.to[0].endswith("@example.govt.nz") for message in mail.outbox)


def test_a_later_run_on_another_day_adds_nothing(demo):
    before_counts, before = counts(), snapshot()
    later = DEMO_NOW + datetime.timedelta(days=45)
    with time_machine.travel(later, tick=True):
        assert seed() == SECOND_RUN_SUMMARY
        # A new version of the demo's code writes the story of the same day:
        # everything is found, nothing is added, the version is recorded.
        DemoSeeding.objects.update(story_version="an older version")
        lines = seed()
    assert lines[0] == "taxonomy values: 0 created, 0 updated"
    assert all(" 0 created, " in line for line in lines[1:]), lines
    assert counts() == before_counts
    assert snapshot() == before
    [seeding] = DemoSeeding.objects.all()
    assert (seeding.day, seeding.story_version) == (DEMO_DAY, story_version())


def test_a_demo_written_before_it_kept_its_day_is_left_alone(demo):
    DemoSeeding.objects.all().delete()
    before_counts = counts()

    assert seed() == [
        "taxonomy values: 0 created, 0 updated",
        "The demo in this database was written by an older version, with fixed "
        "dates; it is left as it is. For the current demo, start from an empty "
        "database.",
    ]
    assert counts() == before_counts
    assert not DemoSeeding.objects.exists()


def test_serve_demo_prepares_the_database_then_prints_the_login(demo, monkeypatch):
    command = serve_demo_command()
    command.prepare()
    assert command.stdout.getvalue().splitlines() == [
        "The demo of 6 Dec 2026 is up to date.",
        "Created the superuser admin",
    ]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    # Again: nothing to do, nothing said but that.
    command = serve_demo_command()
    command.prepare()
    assert command.stdout.getvalue().splitlines() == [
        "The demo of 6 Dec 2026 is up to date."
    ]

    monkeypatch.setenv("MONITOR_DEV_STARTED_AT", str(time.time() - 7.04))
    command.on_bind(8001)
    banner = command.stdout.getvalue().splitlines()[-4:]
    assert banner[0].startswith("Human Rights Monitor (ready 7.")
    assert banner[1:] == [
        "  explorer  http://127.0.0.1:8001/",
        "  API       http://127.0.0.1:8001/graphql/",
        "  admin     http://127.0.0.1:8001/admin/  user admin  password admin  "
        "(demo logins: README)",
    ]


def test_serve_demo_refuses_without_debug(demo, settings):
    settings.DEBUG = False
    users = get_user_model().objects.count()
    with pytest.raises(CommandError) as error:
        serve_demo_command().handle(addrport="127.0.0.1:8001", use_ipv6=False)
    assert str(error.value).startswith("Refused: serve_demo is for a developer")
    assert get_user_model().objects.count() == users
