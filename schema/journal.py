"""Reading the journal of changed rows in one snapshot (the facet patches).

The triggers of :mod:`.triggers` write the journal; this is its reading
side: a :class:`Stamp` says what an index read in one snapshot holds, and
:func:`entries` what changed since. A reader stamps and patches only inside a
snapshot of its own (or the public API's read-only transaction, which is
one): a writer's transaction may hold uncommitted rows, which must never be
stamped as committed.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from . import versioning
from .triggers import JOURNAL_TABLE, VERSION_TABLE


@dataclass(frozen=True)
class Stamp:
    """What a facet index holds: the token, the last journal entry and the day
    it was read at (overdue changes at midnight)."""

    token: str
    position: int
    day: datetime.date


@contextmanager
def snapshot():
    """One read-only snapshot for everything read inside (PostgreSQL:
    ``REPEATABLE READ``; SQLite's transactions are one already), so that a
    stamp and the rows read after it agree. Yields whether it is one: inside
    the caller's transaction it is not (that may hold uncommitted writes),
    and nothing read there is stamped."""
    if connection.in_atomic_block:
        if not getattr(connection, _READ_ONLY_MARK, False):
            yield False
            return
        # A savepoint: a failure inside leaves the caller's transaction usable.
        with transaction.atomic():
            yield True
        return
    with read_only_transaction():
        yield True


_READ_ONLY_MARK = "hrm_read_only_snapshot"


@contextmanager
def read_only_transaction():
    """A transaction that only reads, in one snapshot (PostgreSQL:
    ``REPEATABLE READ, READ ONLY``, so nothing it reads can be a write of its
    own), which :func:`snapshot` inside it uses; the public API runs in one
    (:mod:`.timeout`). Inside the caller's transaction it is a savepoint that
    is none of that."""
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        setattr(connection, _READ_ONLY_MARK, True)
        try:
            yield
        finally:
            setattr(connection, _READ_ONLY_MARK, False)


def stamp() -> Stamp:
    """The token and the last journal entry, in one query (inside a
    :func:`snapshot`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token, (SELECT coalesce(max(seq), 0) FROM {JOURNAL_TABLE}) "
            f"FROM {VERSION_TABLE} WHERE id = 1"
        )
        row = cursor.fetchone()
    token, position = row if row else ("none", 0)
    return Stamp(token, position, versioning.today())


def entries(after: int, upto: int) -> list[tuple[str, int | None, int | None]]:
    """The entries after ``after`` up to ``upto``: (table, a, b)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tbl, a, b FROM {JOURNAL_TABLE} WHERE seq > %s AND seq <= %s",
            [after, upto],
        )
        return cursor.fetchall()
