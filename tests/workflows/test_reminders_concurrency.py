"""Two (or four) reminder runs at the same moment never send a notice twice.

Real threads, each with its own database connection, released together just
before they record their notices (and, for deliveries, just before they mark
rows sent), so the database — not the test — decides who wins. Written for
PostgreSQL (``INSERT … ON CONFLICT DO NOTHING`` and row locks); on SQLite the
same code is serialised by the database's write lock, and the test runs there
too.
"""

import threading
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection

from workflows import roles
from workflows.actions import send_due_reminders
from workflows.models import Reminder, ReminderMessage
from workflows.reminders import delivery
from workflows.reminders.conf import get_settings
from workflows.reminders.rules import RULES, RunContext

from ..factories import ActionFactory
from .reminders_support import D, indicator_due, nz

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKERS = 4


@pytest.fixture(scope="session", autouse=True)
def _database_left_as_found(django_db_setup, django_db_blocker):
    """Put back what migrations created at the end of the session.

    A transactional test ends by emptying every table; serialized rollback
    restores the migrations' data only at the start of the next such test, so
    a database kept with ``--reuse-db`` would lack the roles next time. Not
    earlier than the session's end: the next serialized-rollback test loads
    that data itself and would collide with rows put back here.
    """
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    with django_db_blocker.unblock():
        if not Group.objects.filter(name=roles.ADMINISTRATORS).exists():
            connection.creation.deserialize_db_from_string(contents)


def in_threads(target, count=WORKERS):
    results, errors = [], []

    def work():
        try:
            results.append(target())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def busy_world(world):
    """Several agencies owe several reports: many recipients and notices."""
    for day in (D(2026, 6, 20), D(2026, 6, 25), D(2026, 7, 1), D(2026, 5, 1)):
        indicator_due(world.police_action, world.police, day)
        indicator_due(world.msd_action, world.msd, day)
    shared = ActionFactory(reference="ACT-SHARED", lead_agency=world.moj)
    shared.responsible_agencies.set([world.police, world.msd])
    shared.save()
    indicator_due(shared, None, D(2026, 6, 30))
    return world


def released_together(monkeypatch, module, name, count=WORKERS):
    """Make ``module.name`` wait until ``count`` threads are about to call it."""
    barrier = threading.Barrier(count, timeout=60)
    real = getattr(module, name)

    def synchronised(*args, **kwargs):
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, synchronised)


def test_concurrent_runs_send_every_notice_exactly_once(busy_world, monkeypatch):
    now = nz(2026, 6, 15)
    planned = send_due_reminders(now=now, dry_run=True).messages
    expected = len(planned)
    expected_items = sum(len(message.items) for message in planned)
    assert expected >= 6

    released_together(monkeypatch, delivery, "record")
    runs = in_threads(lambda: send_due_reminders(now=now))

    sent = [message for run in runs for message in run.messages]
    assert {message.status for message in sent} == {"sent"}
    rows = Counter(
        pk
        for message in sent
        for pk in Reminder.objects.filter(message_id=message.message_id).values_list(
            "pk", flat=True
        )
    )
    assert set(rows.values()) == {1}  # no notice in two messages
    assert len(rows) == expected_items == Reminder.objects.count()
    assert not ReminderMessage.objects.filter(sent_at__isnull=True).exists()
    # Messages a run was left without notices for are not kept.
    assert ReminderMessage.objects.count() == len(sent)
    # Each e-mail is a message of one run; together they carry every notice once.
    assert len(mail.outbox) == len(sent)
    assert sum(len(message.items) for message in sent) == expected_items
    assert len(mail.outbox) >= expected


def test_concurrent_deliveries_of_one_message_send_it_once(busy_world, monkeypatch):
    now = nz(2026, 6, 15)
    # Recorded but not sent, as by a run that died before delivering.
    context = RunContext()
    found = RULES["due_soon"](now=now, config=get_settings(), context=context)
    address = "police@example.govt.nz"
    mine = [notice for notice in found if notice.recipient.address == address]
    assert len(mine) > 1
    [message_id] = delivery.record([mine], now=now)

    released_together(monkeypatch, delivery, "send_message")
    results = in_threads(lambda: delivery.deliver([message_id]))

    assert sorted(len(result) for result in results) == [0] * (WORKERS - 1) + [1]
    assert [message.to for message in mail.outbox] == [[address]]
    assert ReminderMessage.objects.get(pk=message_id).sent_at is not None
