"""PostgreSQL side of the search interface: ``tsvector`` side tables."""

from django.db import connection

from .query import SearchQuery
from .registry import SEARCHABLES

CONFIGURATION = "hrm_search"


def tsquery_sql(query: SearchQuery) -> tuple[str, list[str]]:
    """A tsquery expression requiring every term (phrases keep word order)."""
    parts = [f"phraseto_tsquery('{CONFIGURATION}', %s)"] * len(query.terms)
    return "(" + " && ".join(parts) + ")", [" ".join(term) for term in query.terms]


def search_ids(key: str, query: SearchQuery, *, ranked: bool) -> list[int]:
    table = SEARCHABLES[key].table
    expression, params = tsquery_sql(query)
    sql = f"SELECT object_id FROM {table} WHERE document @@ {expression}"
    if ranked:
        sql = (
            f"SELECT object_id FROM {table}, (SELECT {expression} AS q) AS query "
            "WHERE document @@ query.q "
            "ORDER BY ts_rank(document, query.q) DESC, object_id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
