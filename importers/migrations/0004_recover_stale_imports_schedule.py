"""Create the task cluster's schedule that recovers imports whose worker stopped.

The name and the dotted path are fixed here on purpose (a migration must not
follow later code); ``manage.py sync_schedules`` keeps the schedule by name.
"""

from django.db import migrations

NAME = "Human Rights Monitor: recover stopped imports"
FUNC = "importers.tasks.recover_stale_imports"
CRON = "*/5 * * * *"


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
        ("importers", "0003_run_recovery"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(create_schedule, remove_schedule),
    ]
