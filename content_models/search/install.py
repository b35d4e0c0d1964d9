"""Create the search index objects and the triggers that keep them in sync.

Idempotent: run by the migration (``schema/migrations/0001_…``, where the index
began) and again after every ``migrate`` (``post_migrate``, connected in
``ContentModelsConfig.ready``), because SQLite drops a table's triggers
whenever a migration rebuilds the table, and a model may gain or rename a
column. A model's index is rebuilt from its table when its triggers were
missing or their definition changed, so it never silently goes stale.

Rich text (``Searchable.html_fields``) is indexed without its tags and
character references on PostgreSQL. SQLite triggers can call built-in
functions only (a Python function would break every write made outside
Django), so SQLite indexes the markup as stored, less what would pass for real
words (Draftail's ``data-block-key`` on every block, ``&amp;`` and the other
references of ``_SQLITE_MARKUP``). FTS5's tokenizer splits at ``<``, ``>``,
``=`` and quotes, so every word of the text is found; but tag and attribute
names (``p``, ``li``, ``href``) are words of the document too, and a phrase
across a formatting tag (``three <b>kōhanga</b>``) is not found. SQLite is the
development database; production runs on PostgreSQL.
"""

import hashlib

from .postgresql import CONFIGURATION
from .registry import SEARCHABLES, Searchable

STATE_TABLE = "schema_search_state"

_TOKEN_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, "
    "hword_asciipart, hword_part, hword_numpart"
)

POSTGRESQL_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIGURATION}')
        THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIGURATION} (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION {CONFIGURATION}
                ALTER MAPPING FOR {_TOKEN_TYPES} WITH unaccent, simple;
        END IF;
    END $$""",
    # NFC first (decomposed macrons), then punctuation to spaces so that
    # REC-2019/123 is three words, as on SQLite and in the query parser.
    f"""CREATE OR REPLACE FUNCTION schema_search_vector(document text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('{CONFIGURATION}'::regconfig,
            regexp_replace(normalize(coalesce(document, ''), NFC),
                           '[[:punct:]]+', ' ', 'g'))
    $$""",
    # Tags to spaces (a tag may separate two words), then character
    # references: rich text stores &amp; and &nbsp;, never a word.
    """CREATE OR REPLACE FUNCTION schema_search_html_text(html text)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(regexp_replace(html, '<[^>]*>', ' ', 'g'),
                              '&(#?[[:alnum:]]+);', ' ', 'g')
    $$""",
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
    "(name varchar(100) PRIMARY KEY, fingerprint varchar(64) NOT NULL)",
]
SQLITE_SETUP = [
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
    "(name varchar(100) PRIMARY KEY, fingerprint varchar(64) NOT NULL)",
]


def _postgresql_document(item: Searchable, prefix: str) -> str:
    return "concat_ws(' ', {})".format(
        ", ".join(
            f"schema_search_html_text({prefix}{column})"
            if html
            else f"{prefix}{column}"
            for column, html in item.columns
        )
    )


def _postgresql_objects(item: Searchable) -> tuple[list[str], list[str]]:
    """(table DDL, trigger DDL) of one searchable model on PostgreSQL."""
    source = item.model._meta.db_table
    document = _postgresql_document(item, "NEW.")
    watched = ", ".join(column for column, _html in item.columns)
    function = f"{item.table}_sync"
    tables = [
        f"CREATE TABLE IF NOT EXISTS {item.table} "
        "(object_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {item.table}_gin ON {item.table} "
        "USING gin (document)",
    ]
    triggers = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                TRUNCATE {item.table}; RETURN NULL;
            ELSIF TG_OP = 'DELETE' THEN
                DELETE FROM {item.table} WHERE object_id = OLD.id; RETURN NULL;
            END IF;
            INSERT INTO {item.table} (object_id, document)
                VALUES (NEW.id, schema_search_vector({document}))
                ON CONFLICT (object_id) DO UPDATE SET document = EXCLUDED.document;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE TRIGGER {item.table}_rows
            AFTER INSERT OR DELETE OR UPDATE OF {watched}
            ON {source} FOR EACH ROW EXECUTE FUNCTION {function}()""",
        f"""CREATE OR REPLACE TRIGGER {item.table}_truncate AFTER TRUNCATE
            ON {source} FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
    ]
    return tables, triggers


def _postgresql_rebuild(item: Searchable) -> list[str]:
    document = _postgresql_document(item, "")
    return [
        f"TRUNCATE {item.table}",
        f"INSERT INTO {item.table} (object_id, document) SELECT id, "
        f"schema_search_vector({document}) FROM {item.model._meta.db_table}",
    ]


# Rich-text markup that would otherwise be indexed as words on SQLite.
_SQLITE_MARKUP = (
    "data-block-key",
    "&amp;",
    "&nbsp;",
    "&quot;",
    "&#x27;",
    "&#39;",
    "&lt;",
    "&gt;",
)


def _sqlite_value(column: str, html: bool) -> str:
    value = f"coalesce({column}, '')"
    if html:
        for markup in _SQLITE_MARKUP:
            value = f"replace({value}, '{markup}', ' ')"
    return value


def _sqlite_document(item: Searchable, prefix: str) -> str:
    return " || ' ' || ".join(
        _sqlite_value(f"{prefix}{column}", html) for column, html in item.columns
    )


def _sqlite_objects(item: Searchable) -> tuple[list[str], list[str]]:
    source = item.model._meta.db_table
    insert = (
        f"DELETE FROM {item.table} WHERE rowid = new.id; "
        f"INSERT INTO {item.table} (rowid, document) "
        f"VALUES (new.id, {_sqlite_document(item, 'new.')});"
    )
    tables = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {item.table} USING fts5"
        "(document, tokenize = 'unicode61 remove_diacritics 2')"
    ]
    triggers = [
        f"CREATE TRIGGER {item.table}_insert AFTER INSERT ON {source} "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER {item.table}_update AFTER UPDATE OF "
        f"{', '.join(column for column, _html in item.columns)} ON {source} "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER {item.table}_delete AFTER DELETE ON {source} "
        f"BEGIN DELETE FROM {item.table} WHERE rowid = old.id; END",
    ]
    return tables, triggers


def _sqlite_rebuild(item: Searchable) -> list[str]:
    return [
        f"DELETE FROM {item.table}",
        f"INSERT INTO {item.table} (rowid, document) SELECT id, "
        f"{_sqlite_document(item, '')} FROM {item.model._meta.db_table}",
    ]


def _triggers_present(cursor, vendor: str, item: Searchable) -> bool:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = %s",
            [f"{item.table}_rows"],
        )
    else:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
            "(%s, %s, %s)",
            [f"{item.table}_{event}" for event in ("insert", "update", "delete")],
        )
        return cursor.fetchone()[0] == 3
    return cursor.fetchone()[0] == 1


def install(connection, *, triggers: bool = True) -> list[str]:
    """Create or repair every search object; return the keys rebuilt.

    The migration passes ``triggers=False``: triggers name columns of the live
    models, which may not exist until every migration has run.
    """
    vendor = connection.vendor
    postgresql = vendor == "postgresql"
    rebuilt = []
    with connection.cursor() as cursor:
        for statement in POSTGRESQL_SETUP if postgresql else SQLITE_SETUP:
            cursor.execute(statement)
        for key, item in SEARCHABLES.items():
            objects = _postgresql_objects if postgresql else _sqlite_objects
            tables, trigger_statements = objects(item)
            for statement in tables:
                cursor.execute(statement)
            if not triggers:
                continue
            fingerprint = hashlib.sha256(
                "\n".join(trigger_statements).encode()
            ).hexdigest()
            cursor.execute(
                f"SELECT fingerprint FROM {STATE_TABLE} WHERE name = %s", [key]
            )
            row = cursor.fetchone()
            if (
                row
                and row[0] == fingerprint
                and _triggers_present(cursor, vendor, item)
            ):
                continue
            if not postgresql:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {item.table}_{event}")
            for statement in trigger_statements:
                cursor.execute(statement)
            rebuild = _postgresql_rebuild if postgresql else _sqlite_rebuild
            for statement in rebuild(item):
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {STATE_TABLE} WHERE name = %s", [key])
            cursor.execute(
                f"INSERT INTO {STATE_TABLE} (name, fingerprint) VALUES (%s, %s)",
                [key, fingerprint],
            )
            rebuilt.append(key)
    return rebuilt


def uninstall(connection) -> None:
    """Drop every search object (the migration's reverse)."""
    with connection.cursor() as cursor:
        for item in SEARCHABLES.values():
            if connection.vendor == "postgresql":
                source = item.model._meta.db_table
                for suffix in ("rows", "truncate"):
                    cursor.execute(
                        f"DROP TRIGGER IF EXISTS {item.table}_{suffix} ON {source}"
                    )
                cursor.execute(f"DROP FUNCTION IF EXISTS {item.table}_sync()")
            else:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {item.table}_{event}")
            cursor.execute(f"DROP TABLE IF EXISTS {item.table}")
        cursor.execute(f"DROP TABLE IF EXISTS {STATE_TABLE}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS schema_search_vector(text)")
            cursor.execute("DROP FUNCTION IF EXISTS schema_search_html_text(text)")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGURATION}")
