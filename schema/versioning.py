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

On PostgreSQL a change of the version row also notifies ``CHANNEL`` when its
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

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_TABLE = "schema_api_version"
JOURNAL_TABLE = "schema_api_journal"
_TRIGGER_PREFIX = "schema_api_version"
DEFAULT_JOURNAL_KEEP = 50_000

# Every change to these is public (taxonomies, documents).
ALWAYS_PUBLIC = [
    # Due dates decide which actions have a report overdue.
    "content_models.DueDate",
    "content_models.Agency",
    "content_models.HumanRightsBody",
    "content_models.ReportingCycle",
    "content_models.Country",
    "content_models.HumanRightsIssue",
    "content_models.AffectedGroup",
    "content_models.SmartCriterion",
    "content_models.SustainableDevelopmentGoal",
    # Cabinet's decision is shown only when public; any change may be that.
    "content_models.CabinetDecision",
    "content_models.CabinetDocument",
    "wagtaildocs.Document",
]
# Moderated content: only changes that touch a live row's public columns.
MODERATED = [
    "content_models.Recommendation",
    "content_models.Action",
    "content_models.Indicator",
    "content_models.ProgressReport",
]
# Editorial bookkeeping that drafts, locks and schedules write to a live row.
EDITORIAL_COLUMNS = {
    "latest_revision_id",
    "has_unpublished_changes",
    "live_revision_id",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by_id",
    "updated_at",
}


def _new_token_sql(vendor):
    if vendor == "postgresql":
        return "md5(random()::text || clock_timestamp()::text)"
    return "lower(hex(randomblob(16)))"


def _bump_sql(vendor):
    return f"UPDATE {VERSION_TABLE} SET token = {_new_token_sql(vendor)} WHERE id = 1"


DEFAULT_CACHE_SECONDS = 5
SHARED_KEY = "hrm-graphql-version"

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
        cursor.execute(_bump_sql(connection.vendor))
    # The writer holds the version row now; the journal's oldest entries go.
    prune_journal()
    forget_version()
    transaction.on_commit(_committed)


def _watched_tables():
    """(table, public columns or None for 'every change', journal columns) to
    put triggers on; the journal columns are the two ids an entry records."""
    watched = []
    for label in ALWAYS_PUBLIC:
        model = apps.get_model(label)
        watched.append((model._meta.db_table, None, _journal_columns(model)))
    for label in MODERATED:
        model = apps.get_model(label)
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if field.column not in EDITORIAL_COLUMNS
        ]
        watched.append((model._meta.db_table, columns, _journal_columns(model)))
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            watched.append(
                (
                    through._meta.db_table,
                    None,
                    (field.m2m_column_name(), field.m2m_reverse_name()),
                )
            )
    return watched


def _journal_columns(model) -> tuple[str, str | None]:
    """The row's id and the action it belongs to, where it has one (due dates,
    indicators, progress reports: what makes an action overdue)."""
    action = next(
        (
            field.column
            for field in model._meta.concrete_fields
            if field.name == "action" and field.is_relation
        ),
        None,
    )
    return model._meta.pk.column, action


def _journal_function_sql() -> list[str]:
    """PostgreSQL: one statement-level function (the changed rows come as
    transition tables) and one row-level one (a moderated row's public columns
    changed). Both take the version row's lock, by bumping it, before they
    write an entry (see the module's documentation)."""
    bump = _bump_sql("postgresql")
    columns = (
        "quote_ident(TG_ARGV[0]), "
        "CASE WHEN TG_ARGV[1] = '' THEN 'NULL' ELSE quote_ident(TG_ARGV[1]) END"
    )
    insert = f"INSERT INTO {JOURNAL_TABLE} (tbl, a, b)"
    only_live = "CASE WHEN TG_NARGS > 2 THEN ' WHERE live' ELSE '' END"
    return [
        "CREATE OR REPLACE FUNCTION schema_api_journal() "
        "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{bump}; "
        "IF TG_OP = 'TRUNCATE' THEN "
        f"{insert} VALUES (TG_TABLE_NAME, NULL, NULL); RETURN NULL; END IF; "
        # A third argument 'live': only published rows are journalled (a
        # draft inserted or deleted is in no index).
        "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        f"EXECUTE format('{insert} SELECT %L, %s, %s FROM journal_new%s', "
        f"TG_TABLE_NAME, {columns}, {only_live}); END IF; "
        "IF TG_OP IN ('DELETE', 'UPDATE') THEN "
        f"EXECUTE format('{insert} SELECT %L, %s, %s FROM journal_old%s', "
        f"TG_TABLE_NAME, {columns}, {only_live}); END IF; "
        "RETURN NULL; END $$",
        "CREATE OR REPLACE FUNCTION schema_api_journal_row() "
        "RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE new_b bigint; old_b bigint; BEGIN "
        f"{bump}; "
        "IF TG_ARGV[1] <> '' THEN "
        "new_b := (to_jsonb(NEW) ->> TG_ARGV[1])::bigint; "
        "old_b := (to_jsonb(OLD) ->> TG_ARGV[1])::bigint; END IF; "
        f"{insert} VALUES (TG_TABLE_NAME, "
        "(to_jsonb(NEW) ->> TG_ARGV[0])::bigint, new_b); "
        "IF old_b IS DISTINCT FROM new_b THEN "
        f"{insert} VALUES (TG_TABLE_NAME, "
        "(to_jsonb(OLD) ->> TG_ARGV[0])::bigint, old_b); END IF; "
        "RETURN NULL; END $$",
    ]


def _postgresql_triggers(table, columns, ids):
    # PostgreSQL trigger names are per table, so one name fits all.
    name = _TRIGGER_PREFIX
    arguments = f"'{ids[0]}', '{ids[1] or ''}'"
    journal = f"EXECUTE FUNCTION schema_api_journal({arguments})"
    live = journal if columns is None else journal.replace(")", ", 'live')")
    statements = [
        # The statement-level trigger of the versions before the journal.
        f"DROP TRIGGER IF EXISTS {name}_s ON {table}",
        f"CREATE OR REPLACE TRIGGER {name}_i AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS journal_new FOR EACH STATEMENT {live}",
        f"CREATE OR REPLACE TRIGGER {name}_d AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS journal_old FOR EACH STATEMENT {live}",
        f"CREATE OR REPLACE TRIGGER {name}_t AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT {journal}",
        # A row trigger cannot be replaced by a statement one: drop it first.
        f"DROP TRIGGER IF EXISTS {name}_u ON {table}",
    ]
    if columns is None:
        statements.append(
            f"CREATE TRIGGER {name}_u AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS journal_old NEW TABLE AS journal_new "
            f"FOR EACH STATEMENT {journal}"
        )
    else:
        changed = " OR ".join(
            f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns
        )
        statements.append(
            f"CREATE TRIGGER {name}_u AFTER UPDATE ON {table} "
            f"FOR EACH ROW WHEN ((OLD.live OR NEW.live) AND ({changed})) "
            f"EXECUTE FUNCTION schema_api_journal_row({arguments})"
        )
    return statements


def _sqlite_triggers(table, columns, ids):
    name = f"{_TRIGGER_PREFIX}_{table}"
    bump = _bump_sql("sqlite")

    def entry(row):
        b = f"{row}.{ids[1]}" if ids[1] else "NULL"
        return (
            f"INSERT INTO {JOURNAL_TABLE} (tbl, a, b) "
            f"VALUES ('{table}', {row}.{ids[0]}, {b})"
        )

    statements = []
    for event, row in (("insert", "new"), ("delete", "old")):
        # Moderated content: a draft inserted or deleted is in no index.
        written = entry(row)
        if columns is not None:
            written = (
                written.replace(" VALUES (", " SELECT ").removesuffix(")")
                + f" WHERE {row}.live"
            )
        statements.append(f"DROP TRIGGER IF EXISTS {name}_{event}")
        statements.append(
            f"CREATE TRIGGER {name}_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN {bump}; {written}; END"
        )
    when = ""
    if columns is not None:
        changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)
        when = f" WHEN (old.live OR new.live) AND ({changed})"
    statements.append(f"DROP TRIGGER IF EXISTS {name}_update")
    moved = f"old.{ids[0]} IS NOT new.{ids[0]}"
    if ids[1]:
        moved += f" OR old.{ids[1]} IS NOT new.{ids[1]}"
    old_entry = entry("old").replace(" VALUES (", " SELECT ").removesuffix(")")
    statements.append(
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table}{when} "
        f"BEGIN {bump}; {entry('new')}; {old_entry} WHERE {moved}; END"
    )
    return statements


# PostgreSQL: a notice on this channel when a transaction that changed the
# version commits (one per transaction, however many rows it wrote); the
# workers listen to it (:mod:`.facets.listener`).
CHANNEL = "hrm_publication"


def _notify_sql() -> list[str]:
    """Every change of the version row, by the triggers or by :func:`bump`,
    notifies ``CHANNEL``. PostgreSQL delivers it when the transaction commits
    (never for one rolled back) and folds a transaction's identical notices
    into one."""
    return [
        "CREATE OR REPLACE FUNCTION schema_api_version_notify() "
        "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$",
        f"CREATE OR REPLACE TRIGGER {_TRIGGER_PREFIX}_n AFTER UPDATE ON "
        f"{VERSION_TABLE} FOR EACH STATEMENT "
        "EXECUTE FUNCTION schema_api_version_notify()",
    ]


def install(connection, *, triggers: bool = True) -> None:
    """Create the version table and its triggers (idempotent)."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
            "(id integer PRIMARY KEY, token varchar(64) NOT NULL)"
        )
        cursor.execute(f"SELECT count(*) FROM {VERSION_TABLE}")
        if not cursor.fetchone()[0]:
            cursor.execute(
                f"INSERT INTO {VERSION_TABLE} (id, token) "
                f"VALUES (1, {_new_token_sql(vendor)})"
            )
        if vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {JOURNAL_TABLE} (seq bigserial "
                "PRIMARY KEY, tbl varchar(100) NOT NULL, a bigint, b bigint)"
            )
        else:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {JOURNAL_TABLE} (seq integer "
                "PRIMARY KEY AUTOINCREMENT, tbl varchar(100) NOT NULL, a bigint, "
                "b bigint)"
            )
        if not triggers:
            return
        if vendor == "postgresql":
            for statement in _journal_function_sql():
                cursor.execute(statement)
        build = _postgresql_triggers if vendor == "postgresql" else _sqlite_triggers
        for table, columns, ids in _watched_tables():
            for statement in build(table, columns, ids):
                cursor.execute(statement)
        if vendor == "postgresql":
            # The bump-only function of the versions before the journal.
            cursor.execute("DROP FUNCTION IF EXISTS schema_api_version_bump()")
            for statement in _notify_sql():
                cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for table, _columns, _ids in _watched_tables():
            name = f"{_TRIGGER_PREFIX}_{table}"
            if connection.vendor == "postgresql":
                for suffix in ("s", "i", "d", "t", "u"):
                    cursor.execute(
                        f"DROP TRIGGER IF EXISTS {_TRIGGER_PREFIX}_{suffix} ON {table}"
                    )
            else:
                for event in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        if connection.vendor == "postgresql":
            cursor.execute(
                f"DROP TRIGGER IF EXISTS {_TRIGGER_PREFIX}_n ON {VERSION_TABLE}"
            )
            for function in (
                "schema_api_version_notify",
                "schema_api_version_bump",
                "schema_api_journal",
                "schema_api_journal_row",
            ):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        cursor.execute(f"DROP TABLE IF EXISTS {JOURNAL_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {VERSION_TABLE}")


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
