"""Benchmark of the daily reminder job on a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrm_bench_rem \\
        .venv/bin/python bench/reminders_benchmark.py --setup --scale 100000

``--setup`` creates the database if needed, migrates and runs
``seed_demo --scale N`` (N actions, 2N indicators: 200,000 for N = 100,000);
``seed_demo`` is skipped when the scale rows are there already. Then, each
idempotently:

- *people*: every agency gets a reporting mailbox and two contributors, every
  lead agency a manager (the demo has no users);
- *history* (``--reported-until``, default 45 days before ``--now``): a
  published progress report answers every due date before that day, as if
  agencies had kept up; without it every due date since 2024 is overdue at
  once (``--reported-until none`` measures that backlog).

Scenarios, each timed with its SQL query count (e-mails go to Django's
in-memory backend, so sending costs are included, SMTP is not):

1. the daily run of the day before ``--now`` (fills the log as production
   would have), then the daily run at ``--now`` — the figure that matters —
   then the same run again (nothing new) and a dry run;
2. query count independence: the run at ``--now`` repeated in a rolled-back
   transaction after adding ``--extra`` indicators that are *not* due (a
   schedule starting in 2030): the count must not change.

The reminder log is emptied before the scenarios (benchmark database only).
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
import urllib.parse
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
BENCH_REPORT = "Benchmark history report"


def create_database(database_url):
    import psycopg2

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(*command):
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  manage.py {' '.join(command)}: {time.perf_counter() - started:.0f} s")


def setup(database_url, scale):
    create_database(database_url)
    manage("migrate", "--noinput", "--skip-checks")
    import django

    django.setup()
    from content_models.models import Indicator

    if Indicator.objects.filter(reference__startswith="SCALE-I-").count() < 2 * scale:
        # A scratch database, never served; DEBUG is off for honest timings.
        manage(
            "seed_demo",
            "--scale",
            str(scale),
            "--skip-checks",
            "--allow-demo-logins-in-production",
        )


def ensure_people():
    """Mailboxes, two contributors per agency, a manager per lead agency."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from content_models.models import Agency, HumanRightsBody
    from workflows import roles

    user_model = get_user_model()
    contributors = Group.objects.get(name=roles.AGENCY_CONTRIBUTORS)
    managers = Group.objects.get(name=roles.LEAD_AGENCY_MANAGERS)
    leads = set(HumanRightsBody.objects.values_list("lead_agency", flat=True))
    created = 0
    for agency in Agency.objects.all():
        if not agency.email:
            agency.email = f"{agency.code.lower()}@agency.example.govt.nz"
            agency.save(update_fields=["email"])
        wanted = [(f"bench-{agency.code.lower()}-{n}", contributors) for n in (1, 2)]
        if agency.pk in leads:
            wanted.append((f"bench-{agency.code.lower()}-manager", managers))
        for username, group in wanted:
            user, new = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.govt.nz"}
            )
            created += new
            user.groups.add(group)
            agency.members.add(user)
    print(f"  people: {created} users created")


def ensure_history(reported_until: datetime.date | None):
    """Published reports answering every due date before ``reported_until``."""
    from django.db import transaction

    from content_models.models import DueDate, ProgressReport

    with transaction.atomic():
        ours = ProgressReport.objects.filter(title=BENCH_REPORT)
        if reported_until is None:
            ours.delete()
            print("  history: none (every past due date is overdue)")
            return
        ours.filter(due_date__date__gte=reported_until).delete()
        kept = ours.count()
        rows = DueDate.objects.open().filter(date__lt=reported_until)
        created = 0
        batch = []
        for pk, action_id, indicator_id, day in rows.values_list(
            "pk", "action_id", "indicator_id", "date"
        ).iterator(chunk_size=10_000):
            moment = datetime.datetime.combine(day, datetime.time(10), AUCKLAND)
            batch.append(
                ProgressReport(
                    action_id=action_id,
                    indicator_id=indicator_id,
                    due_date_id=pk,
                    title=BENCH_REPORT,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=moment,
                    last_published_at=moment,
                )
            )
            if len(batch) == 5000:
                ProgressReport.objects.bulk_create(batch)
                created += len(batch)
                batch = []
        ProgressReport.objects.bulk_create(batch)
        created += len(batch)
    print(
        f"  history: {kept + created} published reports answer due dates before "
        f"{reported_until} ({created} added)"
    )


def timed_run(label, now, **kwargs):
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflows.actions import send_due_reminders

    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run = send_due_reminders(now=now, **kwargs)
        elapsed = time.perf_counter() - started
    by_rule = {}
    for message in run.messages:
        count, items = by_rule.get(message.rule, (0, 0))
        by_rule[message.rule] = (count + 1, items + len(message.items))
    detail = ", ".join(
        f"{rule} {count}/{items}" for rule, (count, items) in by_rule.items()
    )
    print(
        f"  {label}: {elapsed:.2f} s, {len(queries)} queries, "
        f"{len(run.messages)} messages ({len(mail.outbox)} e-mails), "
        f"{sum(len(m.items) for m in run.messages)} items"
        + (f" [messages/items: {detail}]" if detail else "")
    )
    return elapsed, len(queries)


def not_due_indicators(count):
    """``count`` live indicators of live actions, first due in 2030."""
    from content_models.models import DueDate, Indicator

    # Actions that have a schedule already: the extra indicators change
    # nothing about who owes what today.
    actions = list(
        Indicator.objects.live()
        .filter(action__live=True, due_dates__isnull=False)
        .values_list("action_id", flat=True)
        .distinct()[:count]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                reference=f"BENCH-EXTRA-{n:06d}",
                action_id=actions[n % len(actions)],
                title="Not due for years",
                start_date=datetime.date(2030, 1, 1),
                end_date=datetime.date(2030, 12, 31),
                report_every_months=6,
                live=True,
            )
            for n in range(count)
        ],
        batch_size=5000,
    )
    DueDate.objects.bulk_create(
        [
            DueDate(action_id=indicator.action_id, indicator=indicator, date=day)
            for indicator in indicators
            for day in indicator.schedule_dates()
        ],
        batch_size=5000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument(
        "--now",
        default="2026-12-02T07:00",
        help="ISO date-time in Auckland (default: a heavy day, see below)",
    )
    parser.add_argument(
        "--reported-until",
        default=None,
        help="ISO date, or 'none'; default 45 days before --now",
    )
    parser.add_argument("--extra", type=int, default=50_000)
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    now = datetime.datetime.fromisoformat(args.now).replace(tzinfo=AUCKLAND)
    if args.reported_until == "none":
        reported_until = None
    elif args.reported_until:
        reported_until = datetime.date.fromisoformat(args.reported_until)
    else:
        reported_until = now.date() - datetime.timedelta(days=45)

    print("Setup")
    if args.setup:
        setup(database_url, args.scale)
    import django

    django.setup()
    from django.db import connection, transaction

    from content_models.models import DueDate, Indicator
    from workflows.models import Reminder, ReminderMessage

    ensure_people()
    ensure_history(reported_until)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  {Indicator.objects.count():,} indicators, "
        f"{DueDate.objects.count():,} due dates, "
        f"{DueDate.objects.open().count():,} open"
    )

    print(f"Daily runs (now = {now.isoformat()})")
    Reminder.objects.all().delete()
    ReminderMessage.objects.all().delete()
    timed_run("day before (fills the log)", now - datetime.timedelta(days=1))
    daily, queries = timed_run("daily run", now)
    timed_run("same day again", now)
    timed_run("dry run", now, dry_run=True)

    print(f"Query count with {args.extra:,} more indicators that are not due")
    Reminder.objects.filter(recorded_at__gte=now - datetime.timedelta(hours=1)).delete()
    ReminderMessage.objects.filter(reminders__isnull=True).delete()
    with transaction.atomic():
        _, before = timed_run("daily run, as is (rolled back)", now)
        transaction.set_rollback(True)
    with transaction.atomic():
        not_due_indicators(args.extra)
        _, after = timed_run(f"daily run, +{args.extra:,} not due (rolled back)", now)
        transaction.set_rollback(True)
    print(
        f"Result: daily run {daily:.2f} s (target 5 s), {queries} queries; "
        f"query count {'unchanged' if before == after else 'CHANGED'} "
        f"({before} → {after}) with more indicators that are not due"
    )


if __name__ == "__main__":
    main()
