"""Create the daily reporting-reminder schedule of the task cluster.

The name and the dotted path are fixed here on purpose (a migration must not
follow later code); ``manage.py sync_schedules`` applies a changed
``MONITOR_REMINDERS["SCHEDULE_CRON"]`` afterwards.
"""

from django.db import migrations

NAME = "Human Rights Monitor: reporting reminders"
FUNC = "workflows.tasks.send_daily_reminders"
DEFAULT_CRON = "0 7 * * *"


def create_schedule(apps, schema_editor):
    from datetime import datetime

    from croniter import croniter
    from django_q.utils import localtime

    Schedule = apps.get_model("django_q", "Schedule")
    if Schedule.objects.filter(name=NAME).exists():
        return
    Schedule.objects.create(
        name=NAME,
        func=FUNC,
        schedule_type="C",
        cron=DEFAULT_CRON,
        repeats=-1,
        next_run=croniter(DEFAULT_CRON, localtime()).get_next(datetime),
    )


def remove_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name=NAME, func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0003_reminder_log"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(create_schedule, remove_schedule),
    ]
