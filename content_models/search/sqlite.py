"""SQLite side of the search interface: FTS5 tables."""

from .query import SearchQuery
from .registry import SEARCHABLES


def match_expression(query: SearchQuery) -> str:
    """An FTS5 MATCH string; every term is quoted so no FTS5 syntax gets in.

    A prefix term ends in ``*`` after its closing quote: its last word is a
    prefix (``"122 4"*`` finds 122.45).
    """
    parts = []
    for number, term in enumerate(query.terms, start=1):
        quoted = '"' + " ".join(term).replace('"', '""') + '"'
        parts.append(
            quoted + "*" if query.prefix and number == len(query.terms) else quoted
        )
    return " ".join(parts)


def ids_sql(
    key: str, query: SearchQuery, *, ranked: bool, through_index: bool = False
) -> tuple[str, list]:
    """``SELECT`` of the matching ids; best match first when ``ranked``
    (always through the FTS5 index: ``through_index`` changes nothing)."""
    table = SEARCHABLES[key].table
    order = " ORDER BY rank, rowid" if ranked else ""
    return (
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s{order}",
        [match_expression(query)],
    )


def rank_ids_sql(
    key: str, query: SearchQuery, ids, *, limit: int | None
) -> tuple[str, list]:
    """``SELECT`` of the rows among ``ids`` matching ``query``, in the order of
    :func:`ids_sql` (``ranked``). bm25 takes its statistics from the whole
    table, so a row's rank does not depend on ``ids``. The ids go as one JSON
    array (no limit on the number of parameters)."""
    table = SEARCHABLES[key].table
    array = "[" + ",".join(str(int(pk)) for pk in ids) + "]"
    limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
    return (
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s "
        "AND rowid IN (SELECT value FROM json_each(%s)) "
        f"ORDER BY rank, rowid{limit_sql}",
        [match_expression(query), array],
    )


def rank_sql(key: str, query: SearchQuery, pk_sql: str) -> tuple[str, list]:
    """The relevance of the row whose id is ``pk_sql``: higher is better,
    ``NULL`` when it does not match."""
    table = SEARCHABLES[key].table
    return (
        f"(SELECT -bm25({table}) FROM {table} "
        f"WHERE {table} MATCH %s AND {table}.rowid = {pk_sql})",
        [match_expression(query)],
    )


def _word(term: str) -> str:
    # ``word*`` is a prefix, ``word`` the whole word (letters and digits only).
    return f'"{term[:-1]}"*' if term.endswith("*") else f'"{term}"'


def any_prefix_sql(key: str, prefixes: tuple[str, ...]) -> tuple[str, list]:
    """The rows of index ``key`` having any of the words ``prefixes``
    (``word*``: a word starting with it)."""
    table = SEARCHABLES[key].table
    text = " OR ".join(_word(prefix) for prefix in prefixes)
    return (
        f"SELECT rowid AS object_id FROM {table} WHERE {table} MATCH %s",
        [text],
    )


def all_groups_sql(key: str, groups: list[tuple[str, ...]]) -> tuple[str, list]:
    """The rows of index ``key`` having, for every group, one of its words
    (``word*``: a word starting with it)."""
    table = SEARCHABLES[key].table
    text = " AND ".join(
        "(" + " OR ".join(_word(prefix) for prefix in group) + ")" for group in groups
    )
    return (
        f"SELECT rowid AS object_id FROM {table} WHERE {table} MATCH %s",
        [text],
    )
