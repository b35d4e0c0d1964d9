"""The log's SQL: which notices it holds already, and writing new ones fast.

``workflows.reminders.delivery`` decides what is recorded and sent; this
module only asks and writes the ``Reminder`` table, as cheaply as a busy day
(tens of thousands of notices) needs:

- *lookups* ask by the notices' own objects, through the unique constraint's
  index (rule, content type, object, recipient, period): the answer is only
  the keys of the notices at hand, and the log keeps no other index on its
  keys to keep up on every insert;
- *inserts* on PostgreSQL ``COPY`` the rows into a temporary table and move
  them with one ``INSERT … SELECT … ON CONFLICT DO NOTHING``.
"""

import csv
import io
import json
from collections import defaultdict

from django.db import connection as database

from ..models import Reminder

#: What tells the inserted rows apart within their messages, read back after
#: inserting (a message is one rule and one recipient).
KEY_FIELDS = ("message_id", "content_type_id", "object_id", "period")

COPIED_FIELDS = (
    "message",
    "rule",
    "content_type",
    "object_id",
    "recipient",
    "period",
    "item",
    "recorded_at",
)


def recorded_keys(rule: str, notices) -> set[tuple]:
    """The keys among ``notices`` (all of rule ``rule``) the log holds already.

    One query per content type (SQLite: per batch of its parameter limit),
    for the notices' objects and periods only.
    """
    objects = defaultdict(set)
    periods = set()
    for notice in notices:
        objects[notice.content_type_id].add(notice.object_id)
        periods.add(notice.period)
    keys = set()
    for content_type_id, ids in objects.items():
        rows = _recorded(rule, content_type_id, sorted(ids), sorted(periods))
        keys.update(
            (rule, content_type_id, object_id, recipient, period)
            for object_id, recipient, period in rows
        )
    return keys


def _recorded(rule, content_type_id, ids, periods):
    """``(object id, recipient, period)`` of the log rows of these objects."""
    if database.vendor == "postgresql":
        # Two array parameters: a busy day asks about tens of thousands of
        # objects, which an ``IN (%s, …)`` list makes Django compile one by one.
        quote = database.ops.quote_name
        with database.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id, recipient, period FROM "
                f"{quote(Reminder._meta.db_table)} WHERE rule = %s "
                "AND content_type_id = %s AND object_id = ANY(%s::bigint[]) "
                "AND period = ANY(%s::varchar[])",
                [rule, content_type_id, ids, periods],
            )
            return cursor.fetchall()
    # SQLite: batches of object ids within its parameter limit; the periods
    # are sorted out here.
    size = (database.features.max_query_params or 999) - 10
    wanted = set(periods)
    rows = []
    for start in range(0, len(ids), size):
        rows.extend(
            row
            for row in Reminder.objects.filter(
                rule=rule,
                content_type_id=content_type_id,
                object_id__in=ids[start : start + size],
            ).values_list("object_id", "recipient", "period")
            if row[2] in wanted
        )
    return rows


def can_copy() -> bool:
    """PostgreSQL through psycopg2's ``copy_expert`` (the project's driver)."""
    if database.vendor != "postgresql":
        return False
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3


def insert_copy(pairs, *, now) -> list[tuple]:
    """``bulk_create(ignore_conflicts=True)`` of ``(message id, notice)``
    pairs, the fast way; returns the rows inserted as ``(pk, *KEY_FIELDS)``.

    The rows are ``COPY``-ed into a temporary table and moved with one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING`` — the same statement
    semantics as ``bulk_create`` (skipped conflicts, waiting on a concurrent
    insert of the same key), in a third of the time. The recipients of one
    object share its item: each item is sent (and parsed) once, in a second
    temporary table the rows point into.
    """
    quote = database.ops.quote_name
    fields = [Reminder._meta.get_field(name) for name in COPIED_FIELDS]
    copied = [field for field in fields if field.name not in ("item", "recorded_at")]
    definition = ", ".join(
        f"{quote(field.column)} {field.db_type(database)}" for field in copied
    )
    encode = json.JSONEncoder(ensure_ascii=False).encode
    numbers = {}
    items = io.StringIO()
    item_writer = csv.writer(items)
    rows = io.StringIO()
    writer = csv.writer(rows)
    for position, (message_id, notice) in enumerate(pairs):
        number = numbers.get(id(notice.item))
        if number is None:
            number = numbers[id(notice.item)] = len(numbers)
            item_writer.writerow((number, encode(notice.item)))
        writer.writerow(
            (
                message_id,
                notice.rule,
                notice.content_type_id,
                notice.object_id,
                notice.recipient.address,
                notice.period,
                number,
                position,
            )
        )
    items.seek(0)
    rows.seek(0)
    table = quote(Reminder._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    selected = ", ".join(f"c.{quote(field.column)}" for field in copied)
    returning = ", ".join(
        quote(Reminder._meta.get_field(name).column) for name in ("id", *KEY_FIELDS)
    )
    with database.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE reminder_copy ({definition}, "
            "item_number integer, position integer)"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE reminder_item_copy (number integer, item jsonb)"
        )
        cursor.cursor.copy_expert(
            "COPY reminder_item_copy FROM STDIN WITH (FORMAT csv)", items
        )
        cursor.cursor.copy_expert(
            "COPY reminder_copy FROM STDIN WITH (FORMAT csv)", rows
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {selected}, i.item, %s "
            "FROM reminder_copy c "
            "JOIN reminder_item_copy i ON i.number = c.item_number "
            # The log's ids follow the notices' order, as with bulk_create.
            "ORDER BY c.position "
            f"ON CONFLICT DO NOTHING RETURNING {returning}",
            [now],
        )
        inserted = sorted(cursor.fetchall())
        cursor.execute("DROP TABLE reminder_copy, reminder_item_copy")
    return inserted
