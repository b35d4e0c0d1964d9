"""The database side of the publication version: its table, the journal's
table, and the triggers that bump the one and write the other on every
change of public data (:mod:`.versioning` says what they are for), and, on
PostgreSQL, the notice each bump sends when its transaction commits
(:mod:`.facets.listener`). Installed after every ``migrate``
(``SchemaConfig``); idempotent.
"""

from django.apps import apps

VERSION_TABLE = "schema_api_version"
JOURNAL_TABLE = "schema_api_journal"
_TRIGGER_PREFIX = "schema_api_version"

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


def bump_sql(vendor):
    return f"UPDATE {VERSION_TABLE} SET token = {_new_token_sql(vendor)} WHERE id = 1"


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
    bump = bump_sql("postgresql")
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
    bump = bump_sql("sqlite")

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
