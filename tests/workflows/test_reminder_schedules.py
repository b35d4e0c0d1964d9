"""The daily schedule of the task cluster: created by migration, kept in sync."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule

from importers.apps import RECOVERY_SCHEDULE
from workflows import schedules

pytestmark = pytest.mark.django_db


def daily():
    return Schedule.objects.filter(name=schedules.DAILY_REMINDERS)


def test_the_migration_created_the_daily_schedule():
    [schedule] = daily()
    assert schedule.func == "workflows.tasks.send_daily_reminders"
    assert (schedule.schedule_type, schedule.cron, schedule.repeats) == (
        Schedule.CRON,
        "0 7 * * *",
        -1,
    )


def test_the_migration_created_the_daily_feedback_purge():
    [schedule] = Schedule.objects.filter(name=schedules.FEEDBACK_PURGE)
    assert schedule.func == "workflows.tasks.purge_old_feedback"
    assert (schedule.schedule_type, schedule.cron, schedule.repeats) == (
        Schedule.CRON,
        "30 3 * * *",
        -1,
    )
    assert timezone.localtime(schedule.next_run).strftime("%H:%M") == "03:30"


def test_the_scheduled_function_exists():
    from django.utils.module_loading import import_string

    assert callable(import_string(daily().get().func))


def test_sync_schedules_is_idempotent_and_removes_duplicates():
    Schedule.objects.create(
        name=schedules.DAILY_REMINDERS, func="somewhere.else", schedule_type="D"
    )
    out = io.StringIO()
    call_command("sync_schedules", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{schedules.DAILY_REMINDERS}: unchanged",
        f"{schedules.DAILY_REMINDERS}: removed 1 duplicate(s)",
        f"{schedules.FEEDBACK_PURGE}: unchanged",
        f"{RECOVERY_SCHEDULE}: unchanged",
    ]
    assert daily().count() == 1

    out = io.StringIO()
    call_command("sync_schedules", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{schedules.DAILY_REMINDERS}: unchanged",
        f"{schedules.FEEDBACK_PURGE}: unchanged",
        f"{RECOVERY_SCHEDULE}: unchanged",
    ]


def test_sync_schedules_applies_a_new_time_and_recreates_a_deleted_one():
    with override_settings(MONITOR_REMINDERS={"SCHEDULE_CRON": "30 6 * * 1-5"}):
        assert schedules.sync_schedules() == [
            (schedules.DAILY_REMINDERS, "updated: cron"),
            (schedules.FEEDBACK_PURGE, "unchanged"),
            (RECOVERY_SCHEDULE, "unchanged"),
        ]
    schedule = daily().get()
    assert schedule.cron == "30 6 * * 1-5"
    assert timezone.localtime(schedule.next_run).strftime("%H:%M") == "06:30"

    daily().delete()
    assert schedules.sync_schedules() == [
        (schedules.DAILY_REMINDERS, "created"),
        (schedules.FEEDBACK_PURGE, "unchanged"),
        (RECOVERY_SCHEDULE, "unchanged"),
    ]
    assert daily().get().cron == "0 7 * * *"
