"""Where the reminder job's heavy day goes: its parts, its SQL, its CPU time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i16_rem \\
        .venv/bin/python bench/reminders_profile.py [--now 2026-12-02T07:00]

On the database of ``bench/reminders_benchmark.py`` (after its ``--setup``):
empties the reminder log, runs the day before ``--now`` (as the benchmark
does), then the run at ``--now`` with timing wrappers round its parts (wall
clock, no profiler; nested parts are included in their callers), the
slowest SQL statements, and the CPU time of this process and of its
PostgreSQL backend (parallel query workers not counted) — the work done,
whatever the machine's load. Works on the code of any worktree it is run
from: parts a version lacks are left out.
"""

import argparse
import collections
import datetime
import functools
import os
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
WALL = collections.defaultdict(float)
CALLS = collections.Counter()
SQL = collections.defaultdict(lambda: [0.0, 0])

#: (module, attribute) of the parts timed, when the code has them.
PARTS = [
    ("workflows.actions.due_dates", "sync_annual_due_dates"),
    ("workflows.reminders.queries", "RunContext.owed"),
    ("workflows.reminders.delivery", "recorded_keys"),
    ("workflows.reminders.delivery", "record"),
    ("workflows.reminders.delivery", "_insert_postgresql"),
    ("workflows.reminders.store", "insert_copy"),
    ("workflows.reminders.delivery", "send_message"),
    ("workflows.reminders.delivery", "render_message"),
]


def timed(function, label):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            WALL[label] += time.perf_counter() - started
            CALLS[label] += 1

    return wrapper


def wrap_parts():
    import importlib

    from workflows.reminders import rules

    for module_name, attribute in PARTS:
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = attribute.split(".")
        for step in path:
            owner = getattr(owner, step)
        if hasattr(owner, name):
            setattr(owner, name, timed(getattr(owner, name), attribute))
    for name, rule in list(rules.RULES.items()):
        rules.RULES[name] = timed(rule, f"rule {name}")


def statement_timer(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        entry = SQL[" ".join(sql.split())[:90]]
        entry[0] += time.perf_counter() - started
        entry[1] += 1


def backend_cpu(pid) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--now", default="2026-12-02T07:00")
    args = parser.parse_args()
    now = datetime.datetime.fromisoformat(args.now).replace(tzinfo=AUCKLAND)

    import django

    django.setup()
    from django.core import mail
    from django.db import connection

    from workflows.actions import send_due_reminders
    from workflows.models import Reminder, ReminderMessage

    Reminder.objects.all().delete()
    ReminderMessage.objects.all().delete()
    send_due_reminders(now=now - datetime.timedelta(days=1))
    wrap_parts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    mail.outbox = []
    load = Path("/proc/loadavg").read_text().split()[0]
    wall, cpu, database = time.perf_counter(), time.process_time(), backend_cpu(pid)
    with connection.execute_wrapper(statement_timer):
        run = send_due_reminders(now=now)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    database = backend_cpu(pid) - database
    print(
        f"{now.date()}: {wall:.2f} s wall (load {load}), CPU {cpu:.2f} s here + "
        f"{database:.2f} s PostgreSQL = {cpu + database:.2f} s; "
        f"{len(run.messages)} e-mails, {sum(len(m.items) for m in run.messages)} "
        "notices"
    )
    for label, seconds in sorted(WALL.items(), key=lambda pair: -pair[1]):
        print(f"  {label:38} {seconds:6.2f} s  x{CALLS[label]}")
    print("  slowest SQL:")
    for sql, (seconds, count) in sorted(SQL.items(), key=lambda p: -p[1][0])[:8]:
        print(f"  {seconds:6.2f} s x{count:<4} {sql}")


if __name__ == "__main__":
    main()
