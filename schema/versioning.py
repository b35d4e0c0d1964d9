"""The publication version: one token that changes whenever public data may have.

Response caches and the in-memory facet indexes are keyed by it, with today's
date (:func:`public_version`: "overdue" changes at midnight). It lives in the
database, not in a per-process cache, so that every worker sees a change at the
moment the publishing transaction commits, and a rolled-back change never leaves
a cache keyed by a token that comes back later (tokens are random, not counted).

It changes on Wagtail's ``published``/``unpublished`` signals and on deletes
(connected in ``SchemaConfig.ready``), and, through database triggers, on every
insert or delete of content and on any change to a taxonomy or a published row's
public columns, so that ``bulk_create`` (``seed_demo``), importers and raw
updates invalidate too.

Reading the token is cached for ``GRAPHQL_VERSION_CACHE_SECONDS`` (default 5,
0 turns it off), so that a cache hit runs no SQL at all (:func:`cached`):

- in process (the default): a publish in this process forgets the token at
  once (:func:`forget_version`, called where the token is bumped and when it
  commits); other workers see it within the window, and so do raw writes that
  only the triggers notice (``bulk_create``, SQL by hand);
- shared (``GRAPHQL_VERSION_SHARED``, on by default when ``REDIS_URL`` is set):
  the token is kept in the shared cache, one Redis round trip a request, and a
  publish writes the new token there when it commits, so every worker sees it
  at once; raw writes are still seen within the window.

Inside a transaction the token is always read from the database: the reader
may see its own uncommitted bump, which must never be shared.

On PostgreSQL a change of the version row also notifies a channel when its
transaction commits, which each web worker's listener hears
(:mod:`.facets.listener`): it forgets its cached token and patches its facet
indexes at once, for raw writes too.

**The journal.** The same triggers write what changed to ``schema_api_journal``:
one entry per changed row, naming its table and two of its ids (the row's own
and the one it points to: a link's two ends, a report's action), so that a
facet index can be brought up to date for those rows instead of rebuilt
(:mod:`.journal` reads it, :mod:`.facets.patch` applies it). Every entry is
written after the trigger has taken the version row's lock, which a writer
holds until it commits, so the entries of one transaction are numbered after
those of every transaction committed before it: a reader that has applied
every entry up to ``n`` in one snapshot has missed none that a later snapshot
shows. The journal keeps the newest ``GRAPHQL_JOURNAL_KEEP`` entries
(:func:`prune_journal`, on every publish and after every background patch);
an index older than that is rebuilt.
"""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

# install and uninstall: the first migration calls them here.
from .triggers import JOURNAL_TABLE, VERSION_TABLE, bump_sql, install, uninstall  # noqa: F401

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SECONDS = 5
SHARED_KEY = "hrm-graphql-version"
DEFAULT_JOURNAL_KEEP = 50_000

# (token, monotonic time until which it may be used) of this process.
_local: tuple[str, float] | None = None
_local_lock = threading.Lock()


def current() -> str:
    """The current token, read from the database (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else "none"


def cache_seconds() -> float:
    return getattr(settings, "GRAPHQL_VERSION_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)


def _shared():
    """The shared cache holding the token, or ``None`` (in process)."""
    if not getattr(settings, "GRAPHQL_VERSION_SHARED", False):
        return None
    return caches[getattr(settings, "GRAPHQL_CACHE_ALIAS", "default")]


def cached() -> str:
    """The current token, from the database at most once per
    ``GRAPHQL_VERSION_CACHE_SECONDS`` (see the module's documentation)."""
    global _local
    seconds = cache_seconds()
    if seconds <= 0 or connection.in_atomic_block:
        return current()
    shared = _shared()
    if shared is not None:
        try:
            token = shared.get(SHARED_KEY)
            if token is None:
                token = current()
                # add, not set: a publish that committed meanwhile wrote a newer
                # one.
                shared.add(SHARED_KEY, token, seconds)
        except Exception:  # the shared cache is down: ask the database
            logger.warning("The shared cache is unreachable: version read here")
            return current()
        return token
    now = time.monotonic()
    entry = _local
    if entry is not None and entry[1] > now:
        return entry[0]
    token = current()
    with _local_lock:
        _local = (token, now + seconds)
    return token


def forget_local() -> None:
    """Forget this process's cached token (not the shared one): the next
    reader asks the database, or the shared cache when it is on."""
    global _local
    with _local_lock:
        _local = None


def forget_version() -> None:
    """Forget the cached token: the next reader asks the database (or, when
    shared, the shared cache, which is given the committed token)."""
    forget_local()
    shared = _shared()
    if shared is not None:
        try:
            shared.delete(SHARED_KEY)
        except Exception:  # down: nothing is read from it either
            logger.warning("The shared cache is unreachable: version not shared")


def heard(token: str) -> None:
    """A change committed by any process, heard by this one's listener
    (:mod:`.facets.listener`) with the token it reads then: forget this
    process's cached token and, when shared, give the shared cache that one,
    so that a change only the triggers noticed (a bulk load, SQL by hand) is
    seen at once too. (Every listener does: the last to hear the last change
    writes its token.)"""
    forget_local()
    shared = _shared()
    if shared is not None and cache_seconds() > 0:
        try:
            shared.set(SHARED_KEY, token, cache_seconds())
        except Exception:
            logger.warning("The shared cache is unreachable: version not shared")


def _committed() -> None:
    """After the bumping transaction commits: forget again (a reader may have
    cached the old token in between) and share the new one."""
    forget_version()
    shared = _shared()
    if shared is not None and cache_seconds() > 0:
        try:
            shared.set(SHARED_KEY, current(), cache_seconds())
        except Exception:
            logger.warning("The shared cache is unreachable: version not shared")


def today() -> datetime.date:
    """Today in the site's time zone (New Zealand): the day "overdue" is
    measured against."""
    return timezone.localdate()


def public_version() -> str:
    """The token and today's date: what caches of public answers are keyed by.

    An action becomes overdue at midnight without anything being published,
    so an answer computed yesterday must not be served today.
    """
    return f"{cached()}@{today().isoformat()}"


def bump() -> None:
    """Change the token, inside the caller's transaction, and forget the
    cached one now and when the transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(bump_sql(connection.vendor))
    # The writer holds the version row now; the journal's oldest entries go.
    prune_journal()
    forget_version()
    transaction.on_commit(_committed)


def journal_keep() -> int:
    return getattr(settings, "GRAPHQL_JOURNAL_KEEP", DEFAULT_JOURNAL_KEEP)


def prune_journal() -> int:
    """Delete all but the newest ``GRAPHQL_JOURNAL_KEEP`` entries; how many
    were deleted. (Numbers lost to rolled-back writers count as entries, so a
    few more indexes may be rebuilt than needed, never fewer.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {JOURNAL_TABLE} WHERE seq <= "
            f"(SELECT max(seq) FROM {JOURNAL_TABLE}) - %s",
            [journal_keep()],
        )
        return cursor.rowcount
