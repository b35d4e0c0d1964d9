"""The log's SQL: lookups by the notices' own objects, inserts that keep order.

On PostgreSQL these run the array lookup and the ``COPY`` insert; on SQLite
the batched lookup and ``bulk_create``: the same expectations hold for both.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Action, DueDate, ProgressReport
from workflows.actions import sync_annual_due_dates
from workflows.models import Reminder, ReminderMessage
from workflows.reminders import delivery, store
from workflows.reminders.notice import Notice
from workflows.reminders.recipients import Recipient

from ..factories import ActionFactory, ProgressReportFactory
from .reminders_support import D, nz, utc

pytestmark = pytest.mark.django_db

ALICE = Recipient("alice@example.govt.nz")
BOB = Recipient("bob@example.govt.nz")
CAROL = Recipient("carol@example.govt.nz")
JULY = "2026-07-01"
AUGUST = "2026-08-01"
NOW = nz(2026, 6, 15)


@pytest.fixture
def due_type(db):
    return ContentType.objects.get_for_model(DueDate).pk


def notice(content_type, recipient, object_id, period=JULY, item=None, rule="due_soon"):
    return Notice(
        rule, recipient, content_type, object_id, period, item or {"n": object_id}
    )


def rows():
    """``(recipient, object id, period, item)`` of the log, in id order."""
    return list(
        Reminder.objects.order_by("pk").values_list(
            "recipient", "object_id", "period", "item"
        )
    )


def test_a_lookup_answers_for_the_notices_asked_about_only(due_type):
    delivery.record(
        [
            [notice(due_type, ALICE, 1), notice(due_type, ALICE, 2)],
            [notice(due_type, BOB, 1)],
            [notice(due_type, BOB, 1, rule="overdue")],
        ],
        now=NOW,
    )
    asked = [
        notice(due_type, ALICE, 1),
        notice(due_type, BOB, 1),
        notice(due_type, CAROL, 1),  # not told yet
        notice(due_type, ALICE, 3),  # another object
        notice(due_type, ALICE, 1, period=AUGUST),  # another period
    ]
    # Alice's row about object 2 is in the log but was not asked about;
    # Bob's overdue row is another rule.
    assert store.recorded_keys("due_soon", asked) == {
        ("due_soon", due_type, 1, ALICE.address, JULY),
        ("due_soon", due_type, 1, BOB.address, JULY),
    }
    assert store.recorded_keys("due_soon", []) == set()


def test_a_lookup_in_batches_gives_the_same_answer(due_type, monkeypatch):
    told = [notice(due_type, ALICE, pk) for pk in range(1, 31)]
    delivery.record([told], now=NOW)
    asked = [*told, *(notice(due_type, ALICE, pk) for pk in range(31, 41))]
    expected = {("due_soon", due_type, pk, ALICE.address, JULY) for pk in range(1, 31)}

    assert store.recorded_keys("due_soon", asked) == expected
    # SQLite asks about the 40 objects in batches of 2; PostgreSQL has no
    # such limit (one query, with array parameters).
    monkeypatch.setattr(connection.features, "max_query_params", 12)
    with CaptureQueriesContext(connection) as queries:
        assert store.recorded_keys("due_soon", asked) == expected
    assert len(queries) == (1 if connection.vendor == "postgresql" else 20)


def test_recording_keeps_the_order_and_each_recipients_item(due_type):
    shared = {"title": "Shared by both recipients"}
    owned = delivery.record(
        [
            [
                notice(due_type, ALICE, 1, item=shared),
                notice(due_type, ALICE, 2, item={"title": "Alice's only"}),
            ],
            [notice(due_type, BOB, 1, item=shared)],
        ],
        now=NOW,
    )

    assert rows() == [
        (ALICE.address, 1, JULY, {"title": "Shared by both recipients"}),
        (ALICE.address, 2, JULY, {"title": "Alice's only"}),
        (BOB.address, 1, JULY, {"title": "Shared by both recipients"}),
    ]
    pks = list(Reminder.objects.order_by("pk").values_list("pk", flat=True))
    messages = dict(
        ReminderMessage.objects.order_by("pk").values_list("recipient", "pk")
    )
    assert {
        message_id: [(line.pk, line.recipient, line.object_id) for line in lines]
        for message_id, lines in owned.items()
    } == {
        messages[ALICE.address]: [
            (pks[0], ALICE.address, 1),
            (pks[1], ALICE.address, 2),
        ],
        messages[BOB.address]: [(pks[2], BOB.address, 1)],
    }
    assert list(owned) == [messages[ALICE.address], messages[BOB.address]]
    assert all(line.recorded_at == NOW for lines in owned.values() for line in lines)


def test_recording_again_records_nothing_twice_per_recipient(due_type):
    delivery.record([[notice(due_type, ALICE, 1)], [notice(due_type, BOB, 1)]], now=NOW)
    before = rows()

    # The same notices again, and a recipient who was not told yet.
    owned = delivery.record(
        [
            [notice(due_type, ALICE, 1)],
            [notice(due_type, BOB, 1)],
            [notice(due_type, CAROL, 1)],
        ],
        now=nz(2026, 6, 16),
    )

    assert rows() == [*before, (CAROL.address, 1, JULY, {"n": 1})]
    assert [[line.recipient for line in lines] for lines in owned.values()] == [
        [CAROL.address]
    ]
    # The messages left without notices are gone: one per recipient remains,
    # and Carol's.
    assert sorted(ReminderMessage.objects.values_list("recipient", flat=True)) == [
        ALICE.address,
        BOB.address,
        CAROL.address,
    ]


def test_the_fallback_counts_from_each_actions_latest_report(world, monkeypatch):
    first, second = (
        ActionFactory(reference=f"ACT-LATEST-{n}", lead_agency=world.police)
        for n in (1, 2)
    )
    for action in (first, second):
        Action.objects.filter(pk=action.pk).update(
            live=True,
            first_published_at=utc(2026, 1, 10),
            last_published_at=utc(2026, 1, 10),
        )
    for action, moments in (
        (first, [utc(2026, 3, 1), utc(2026, 5, 1)]),
        (second, [utc(2026, 4, 1)]),
    ):
        for moment in moments:
            report = ProgressReportFactory(action=action, live=True)
            ProgressReport.objects.filter(pk=report.pk).update(
                first_published_at=moment
            )
    # One action per query, as a database with a tiny parameter limit would.
    monkeypatch.setattr(connection.features, "max_query_params", 1)

    assert sync_annual_due_dates(today=D(2026, 6, 1)) == (2, 0)
    assert sorted(
        DueDate.objects.filter(
            action__in=[first, second], indicator__isnull=True
        ).values_list("action__reference", "date")
    ) == [("ACT-LATEST-1", D(2027, 5, 1)), ("ACT-LATEST-2", D(2027, 4, 1))]
