"""Full-text search for the public API, one small interface for both databases.

``search_ids(key, text, ranked=...)`` returns the ids of the rows of a
searchable model (see :mod:`.registry`) whose reference and text contain every
term of ``text``: all words required, ``"quoted phrases"``, case- and
macron-insensitive. Drafts are in the index too (the row of a draft holds the
draft); callers intersect the ids with what the public may see.

PostgreSQL: a side table with a stored ``tsvector`` per row, GIN-indexed, built
with the ``hrm_search`` text search configuration (``unaccent`` then
``simple``). SQLite: an FTS5 table with ``remove_diacritics 2``. Triggers keep
both in sync on every insert, update and delete, ``bulk_create`` included
(:mod:`.install`).
"""

from django.db import connection

from .query import SearchQuery, parse

__all__ = ["SearchQuery", "parse", "search_ids"]


def _backend():
    if connection.vendor == "postgresql":
        from . import postgresql as backend
    else:
        from . import sqlite as backend
    return backend


def search_ids(key: str, query: SearchQuery, *, ranked: bool = False) -> list[int]:
    """Ids of the rows matching ``query``; best match first when ``ranked``."""
    if not query:
        return []
    return _backend().search_ids(key, query, ranked=ranked)
