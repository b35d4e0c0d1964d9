"""A statement timeout for the SQL of public API requests (PostgreSQL).

The work budget (:mod:`.cost`) bounds how much a query may ask for; this
bounds how long any one SQL statement of it may take, so that a slow plan or
a locked table cannot hold a worker and a connection for long. Execution runs
in a read-only transaction (one snapshot) with ``SET LOCAL statement_timeout``;
the transaction is
always rolled back (the API only reads), which also takes the setting back,
also when the caller already had a transaction open (a savepoint then). A
persistent connection so goes back to the pool as it came.

A cancelled statement becomes one clear GraphQL error (code
``QUERY_TIMEOUT``), logged as a warning, not an unexpected error.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from . import journal
from .common import PublicError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_MS = 5000
CODE = "QUERY_TIMEOUT"
# query_canceled, and in_failed_sql_transaction: every later statement of a
# transaction whose statement was cancelled fails with it.
_TIMEOUT_SQLSTATES = {"57014", "25P02"}


def timeout_ms() -> int:
    return getattr(settings, "GRAPHQL_STATEMENT_TIMEOUT_MS", DEFAULT_TIMEOUT_MS)


def is_timeout(error: GraphQLError) -> bool:
    """Whether ``error`` comes from a statement cancelled by the timeout."""
    original = error.original_error
    cause = getattr(original, "__cause__", None)
    sqlstate = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return sqlstate in _TIMEOUT_SQLSTATES


class QueryTimeoutError(PublicError):
    def __init__(self, milliseconds: int):
        super().__init__(
            f"The query took too long: a database statement ran over "
            f"{milliseconds:,} ms and was stopped. Ask for fewer items or fewer "
            "nested lists.",
            code=CODE,
        )


class StatementTimeout(SchemaExtension):
    """Run execution under ``SET LOCAL statement_timeout`` on PostgreSQL."""

    def on_execute(self):
        milliseconds = timeout_ms()
        refused = self.execution_context.result is not None  # see RequestChecks
        if refused or not milliseconds or connection.vendor != "postgresql":
            yield
            return
        # One read-only snapshot for the whole query: its lists and their
        # facet index agree, and the index may be stamped (journal.snapshot).
        with journal.read_only_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [int(milliseconds)])
            try:
                yield
            finally:
                transaction.set_rollback(True)
        result = self.execution_context.result
        if result is not None and result.errors and any(map(is_timeout, result.errors)):
            logger.warning(
                "GraphQL query stopped by the statement timeout (%s ms): %s",
                milliseconds,
                (self.execution_context.query or "")[:500],
            )
            result.errors = [QueryTimeoutError(milliseconds)]
            result.data = None
