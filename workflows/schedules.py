"""The task cluster's schedules, kept in line with the settings by name.

django-q2 does not make ``Schedule.name`` unique, so this module does: one
schedule per name, created or updated in place, duplicates removed. The
migrations ``0004_daily_reminder_schedule`` and ``0011_purge_feedback_schedule``
create the daily reminder schedule and the daily purge of old feedback (03:30)
on ``migrate``; ``manage.py sync_schedules`` applies a changed
``MONITOR_REMINDERS["SCHEDULE_CRON"]``.

Other apps declare their schedules with a ``task_schedules()`` method on their
``AppConfig`` returning ``{"name", "func", "cron"}`` dicts (the importers'
recovery of stopped imports does), so that this module need not import them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import transaction

from .reminders.conf import get_settings

DAILY_REMINDERS = "Human Rights Monitor: reporting reminders"
DAILY_REMINDERS_TASK = "workflows.tasks.send_daily_reminders"
# Created by the migration 0011_purge_feedback_schedule.
FEEDBACK_PURGE = "Human Rights Monitor: purge old feedback"
FEEDBACK_PURGE_TASK = "workflows.tasks.purge_old_feedback"
FEEDBACK_PURGE_CRON = "30 3 * * *"


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    cron: str


def wanted_schedules() -> list[ScheduleSpec]:
    """The daily reminders, then the schedules the installed apps declare."""
    specs = [
        ScheduleSpec(
            name=DAILY_REMINDERS,
            func=DAILY_REMINDERS_TASK,
            cron=get_settings().schedule_cron,
        ),
        ScheduleSpec(
            name=FEEDBACK_PURGE, func=FEEDBACK_PURGE_TASK, cron=FEEDBACK_PURGE_CRON
        ),
    ]
    for config in apps.get_app_configs():
        declared = getattr(config, "task_schedules", None)
        if callable(declared):
            specs.extend(ScheduleSpec(**item) for item in declared())
    return specs


def next_run(cron: str) -> datetime:
    """The next time ``cron`` fires, in the site's time zone (as django-q2)."""
    from croniter import croniter
    from django_q.utils import localtime

    return croniter(cron, localtime()).get_next(datetime)


@transaction.atomic
def sync_schedules() -> list[tuple[str, str]]:
    """Create or update the wanted schedules; return ``(name, what happened)``."""
    from django_q.models import Schedule

    report = []
    for spec in wanted_schedules():
        existing = list(
            Schedule.objects.select_for_update().filter(name=spec.name).order_by("pk")
        )
        schedule, duplicates = (existing[0], existing[1:]) if existing else (None, [])
        for duplicate in duplicates:
            duplicate.delete()
        fields = {
            "func": spec.func,
            "schedule_type": Schedule.CRON,
            "cron": spec.cron,
            "repeats": -1,
        }
        if schedule is None:
            Schedule.objects.create(
                name=spec.name, next_run=next_run(spec.cron), **fields
            )
            report.append((spec.name, "created"))
            continue
        changed = {
            key: value
            for key, value in fields.items()
            if getattr(schedule, key) != value
        }
        if changed:
            for key, value in changed.items():
                setattr(schedule, key, value)
            if "cron" in changed or "schedule_type" in changed:
                schedule.next_run = next_run(spec.cron)
            schedule.save()
            report.append((spec.name, "updated: " + ", ".join(sorted(changed))))
        else:
            report.append((spec.name, "unchanged"))
        if duplicates:
            report.append((spec.name, f"removed {len(duplicates)} duplicate(s)"))
    return report
