"""The full-text index of the content, one small interface for both databases.

It serves the public API (``schema``), the admin's listings, choosers and
autocomplete (``cms.admin``) and whatever else needs to find content by its
words. A search matches the rows of a searchable model (see :mod:`.registry`)
whose reference and texts contain every term: all words required, ``"quoted
phrases"``, case- and macron-insensitive, optionally the last word as a prefix
(:func:`parse`). Drafts are in the index too (the row of a draft holds the
draft); callers intersect the results with what the reader may see.

- :func:`search_ids`: the ids, best match first when ``ranked``;
- :func:`rank_ids`: some given ids (those that passed other filters) in that
  same order, the best ``limit`` of them, ranking no other row;
- :class:`Matching`: the same as a subquery, for ``filter(pk__in=…)`` or a
  relation (``filter(action__in=…)``), so a search combines with any filter;
- :class:`Relevance`: a row's relevance, to order a queryset by.

PostgreSQL: a side table with a stored ``tsvector`` per row, GIN-indexed, built
with the ``hrm_search`` text search configuration (``unaccent`` then
``simple``). SQLite: an FTS5 table with ``remove_diacritics 2``. Triggers keep
both in sync on every insert, update and delete, ``bulk_create`` included
(:mod:`.install`). Small tables (taxonomies, users) are searched in Python
instead (:mod:`.folding`).
"""

from collections.abc import Sequence

from django.db import connections
from django.db.models import BigIntegerField, Expression, F, FloatField

from . import postgresql, sqlite
from .query import SearchQuery, parse
from .registry import SEARCHABLES, Searchable, searchable_for

__all__ = [
    "SEARCHABLES",
    "Matching",
    "Relevance",
    "SearchQuery",
    "Searchable",
    "parse",
    "prefix_counts",
    "prefix_matches",
    "prefix_matches_all",
    "rank_ids",
    "search_ids",
    "searchable_for",
]


def _backend(connection):
    return postgresql if connection.vendor == "postgresql" else sqlite


def search_ids(
    key: str, query: SearchQuery, *, ranked: bool = False, using: str = "default"
) -> list[int]:
    """Ids of the rows matching ``query``; best match first when ``ranked``."""
    if not query:
        return []
    connection = connections[using]
    sql, params = _backend(connection).ids_sql(
        key, query, ranked=ranked, through_index=True
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def rank_ids(
    key: str,
    query: SearchQuery,
    ids: Sequence[int],
    *,
    limit: int | None = None,
    using: str = "default",
) -> list[int]:
    """The rows among ``ids`` that match ``query``, best match first: the
    order of ``search_ids(key, query, ranked=True)`` restricted to ``ids``,
    its first ``limit`` (all when ``None``). Only the rows of ``ids`` are
    ranked, so the cost follows ``len(ids)``, not the number of matches."""
    if not query or not ids or (limit is not None and limit <= 0):
        return []
    connection = connections[using]
    sql, params = _backend(connection).rank_ids_sql(key, query, ids, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def prefix_counts(
    key: str, groups: list[tuple[str, ...]], *, cap: int, using: str = "default"
) -> list[int]:
    """For each group of words, how many rows of index ``key`` have one of
    them, counted up to ``cap`` (so a common word costs no more than a rare
    one). One statement for all the groups.

    A word is letters and digits only (:func:`.query.words`); ``word*`` is
    any word starting with it.
    """
    if not groups:
        return []
    connection = connections[using]
    backend = _backend(connection)
    parts, params = [], []
    for prefixes in groups:
        sql, group_params = backend.any_prefix_sql(key, prefixes)
        parts.append(f"(SELECT count(*) FROM ({sql} LIMIT {int(cap)}) AS capped)")
        params += group_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def prefix_matches(
    key: str, groups: list[tuple[str, ...]], *, using: str = "default"
) -> list[tuple[int, int]]:
    """``(group number, row id)`` of every row of index ``key`` having one of
    the words of a group (``word*``: a word starting with it). One statement."""
    if not groups:
        return []
    connection = connections[using]
    backend = _backend(connection)
    parts, params = [], []
    for number, prefixes in enumerate(groups):
        sql, group_params = backend.any_prefix_sql(key, prefixes)
        parts.append(f"SELECT {number} AS grp, object_id FROM ({sql}) AS g{number}")
        params += group_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def prefix_matches_all(
    key: str, groups: list[tuple[str, ...]], *, limit: int, using: str = "default"
) -> list[int]:
    """Ids of the rows of index ``key`` having a word of every group (``word*``:
    a word starting with it): the newest ``limit`` of them (highest ids)."""
    if not groups:
        return []
    connection = connections[using]
    sql, params = _backend(connection).all_groups_sql(key, groups)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id FROM ({sql}) AS matching "
            f"ORDER BY object_id DESC LIMIT {int(limit)}",
            params,
        )
        return [row[0] for row in cursor.fetchall()]


class Matching(Expression):
    """The ids of the rows of index ``key`` matching a non-empty ``query``, as a
    subquery: ``queryset.filter(pk__in=Matching("action", query))``."""

    output_field = BigIntegerField()

    def __init__(self, key: str, query: SearchQuery):
        if not query:
            raise ValueError("An empty search matches nothing: test it first.")
        super().__init__()
        self.key = key
        self.query = query

    def as_sql(self, compiler, connection):
        return _backend(connection).ids_sql(self.key, self.query, ranked=False)


class Relevance(Expression):
    """How well a row matches ``query`` in index ``key``: higher is better;
    0 or ``NULL`` when it does not match. ``pk`` is the row's id (default: the
    queryset's own primary key)."""

    output_field = FloatField()

    def __init__(self, key: str, query: SearchQuery, pk=None):
        if not query:
            raise ValueError("An empty search has no relevance.")
        super().__init__()
        self.key = key
        self.query = query
        self.pk = F("pk") if pk is None else pk

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, expressions):
        (self.pk,) = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sql, params = _backend(connection).rank_sql(self.key, self.query, pk_sql)
        return sql, [*params, *pk_params]
