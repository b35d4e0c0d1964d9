import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workflows.actions import send_due_reminders
from workflows.reminders.delivery import Status
from workflows.reminders.rendering import describe
from workflows.reminders.rules import RULES

SUMMARY = {Status.WOULD_SEND: "would be sent"}


def parse_now(value: str | None) -> datetime.datetime | None:
    """An ISO 8601 date-time (a date means its midnight), in Auckland unless
    it says otherwise; a one-line ``CommandError`` when it is not one."""
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"--now: {value!r} is not an ISO 8601 date-time "
            "(e.g. 2026-07-01 or 2026-07-01T09:00+12:00)."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_rules(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    names = [name.strip() for value in values for name in value.split(",")]
    unknown = [name for name in names if name not in RULES]
    if unknown:
        raise CommandError(
            f"--rule: unknown rule {', '.join(repr(name) for name in unknown)}; "
            f"the rules are {', '.join(RULES)}."
        )
    return names


def parse_limit(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < 1:
        raise CommandError(
            f"--limit must be a whole number of at least 1, not {value!r}."
        )
    return number


class Command(BaseCommand):
    help = (
        "Run the reporting reminder rules (due soon, overdue, escalation, "
        "awaiting approval, revisit, follow-up deadline) and send what is new: "
        "one e-mail per recipient and rule, each notice recorded so that it is "
        "never sent twice. Prints what it sent, or with --dry-run what it would "
        "send (then nothing is recorded or sent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            metavar="ISO-DATETIME",
            help="Run as if it were this moment (default: now). A date without "
            "a time zone is read in the site's time zone (Pacific/Auckland).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; record and send nothing.",
        )
        parser.add_argument(
            "--rule",
            action="append",
            metavar="NAME",
            help=f"Only this rule (repeat or separate with commas): "
            f"{', '.join(RULES)}.",
        )
        parser.add_argument(
            "--limit",
            metavar="N",
            help="Send at most N messages; the rest wait for the next run.",
        )

    def handle(self, *args, **options):
        now = parse_now(options["now"])
        rules = parse_rules(options["rule"])
        limit = parse_limit(options["limit"])
        dry_run = options["dry_run"]
        run = send_due_reminders(now=now, dry_run=dry_run, rules=rules, limit=limit)

        local = timezone.localtime(run.now)
        self.stdout.write(
            f"Reminders at {local:%Y-%m-%d %H:%M %Z}"
            + (" (dry run: nothing is recorded or sent)" if dry_run else "")
        )
        created, deleted = run.annual_due_dates
        if created or deleted:
            self.stdout.write(
                f"12-month fallback due dates: {created} created, {deleted} removed"
                + (" (rolled back)" if dry_run else "")
            )
        for message in run.messages:
            who = message.recipient.address
            if message.recipient.name:
                who += f" ({message.recipient.name})"
            count = len(message.items)
            self.stdout.write(
                f"{message.status} {message.rule} to {who}: "
                f"{count} item{'s' if count != 1 else ''}"
                + (f" — {message.error}" if message.error else "")
            )
            for item in message.items:
                self.stdout.write(f"    {describe(message.rule, item)}")
        totals = {}
        for message in run.messages:
            totals.setdefault(message.status, 0)
            totals[message.status] += 1
        if not run.messages:
            self.stdout.write("Nothing to send.")
        else:
            self.stdout.write(
                "Summary: "
                + ", ".join(
                    f"{count} message{'s' if count != 1 else ''} "
                    f"{SUMMARY.get(status, status)}"
                    for status, count in totals.items()
                )
            )
        if run.failed:
            raise CommandError(
                f"{len(run.failed)} message(s) could not be sent; they stay in the "
                "log and are tried again by the next daily runs."
            )
