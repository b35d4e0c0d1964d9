from django.conf import settings
from django.core.management.base import BaseCommand

from workflows.actions import purge_expired_feedback


class Command(BaseCommand):
    help = (
        "Delete civil-society feedback received more than FEEDBACK_RETENTION_DAYS "
        "days ago (730 by default), with the names and e-mails it holds. Run it "
        "daily; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of FEEDBACK_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("--days: must be at least 1")
            raise SystemExit(2)
        deleted = purge_expired_feedback(days=days)
        self.stdout.write(f"Deleted {deleted} feedback older than {days} days.")
