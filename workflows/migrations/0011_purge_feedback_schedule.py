"""Create the daily purge of old civil-society feedback (03:30, site time).

Like ``0004_daily_reminder_schedule``: the name and the dotted path are fixed
here on purpose; ``manage.py sync_schedules`` keeps the schedule afterwards
(``workflows.schedules``).
"""

from django.db import migrations

NAME = "Human Rights Monitor: purge old feedback"
FUNC = "workflows.tasks.purge_old_feedback"
CRON = "30 3 * * *"


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
        cron=CRON,
        repeats=-1,
        next_run=croniter(CRON, localtime()).get_next(datetime),
    )


def remove_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name=NAME, func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0010_response_requests"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(create_schedule, remove_schedule),
    ]
