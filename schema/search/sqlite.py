"""SQLite side of the search interface: FTS5 tables."""

from django.db import connection

from .query import SearchQuery
from .registry import SEARCHABLES


def match_expression(query: SearchQuery) -> str:
    """An FTS5 MATCH string; every term is quoted so no FTS5 syntax gets in."""
    return " ".join(
        '"' + " ".join(term).replace('"', '""') + '"' for term in query.terms
    )


def search_ids(key: str, query: SearchQuery, *, ranked: bool) -> list[int]:
    table = SEARCHABLES[key].table
    order = " ORDER BY rank, rowid" if ranked else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s{order}",
            [match_expression(query)],
        )
        return [row[0] for row in cursor.fetchall()]
