from django.core.management.base import BaseCommand

from workflows.schedules import sync_schedules


class Command(BaseCommand):
    help = (
        "Create or update the task cluster's schedules (the daily reporting "
        "reminders, the recovery of stopped imports) from the settings. Safe to "
        "run again."
    )

    def handle(self, *args, **options):
        for name, outcome in sync_schedules():
            self.stdout.write(f"{name}: {outcome}")
