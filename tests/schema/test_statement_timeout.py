"""A slow statement is stopped by PostgreSQL's statement timeout; the request
gets a clear GraphQL error and the connection is usable afterwards."""

import json
import logging
import threading

import pytest
from django.db import connection
from django.test import Client

from schema import listing

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="statement_timeout is PostgreSQL's; SQLite has none "
        "(CI runs this on PostgreSQL)",
    ),
]

QUERY = "{ recommendations(limit: 1) { totalCount } }"
TIMED_OUT = {
    "data": None,
    "errors": [
        {
            "message": "The query took too long: a database statement ran over "
            "50 ms and was stopped. Ask for fewer items or fewer nested lists.",
            "extensions": {"code": "QUERY_TIMEOUT"},
        }
    ],
}


@pytest.fixture
def slow_list(monkeypatch, settings):
    """The recommendation list first runs a statement of two seconds."""
    settings.GRAPHQL_STATEMENT_TIMEOUT_MS = 50
    original = listing.find

    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return original(*args, **kwargs)

    monkeypatch.setattr(listing, "find", slow)


def post(client, query):
    return client.post(
        "/graphql/", json.dumps({"query": query}), content_type="application/json"
    )


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_slow_statement_is_stopped_with_a_clear_error(slow_list, caplog):
    """Inside the test's transaction: the savepoint path."""
    response = post(Client(), QUERY)

    assert response.status_code == 200
    assert response.json() == TIMED_OUT
    assert [r.levelname for r in caplog.records if r.name == "schema.timeout"] == [
        "WARNING"
    ]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    # The setting did not outlive the request, and the connection works.
    assert statement_timeout() == "0"
    schema_only = post(Client(), "{ humanRightsBodies { code } }")
    assert schema_only.json() == {"data": {"humanRightsBodies": []}}


def test_a_persistent_connection_comes_back_clean(slow_list, caplog):
    """In a thread of its own (its own connection, autocommit, no test
    transaction): the path of a production worker."""
    outcome = {}

    def worker():
        try:
            client = Client()
            outcome["timed_out"] = post(client, QUERY).json()
            outcome["setting"] = statement_timeout()
            outcome["after"] = post(client, "{ humanRightsBodies { code } }").json()
            outcome["in_transaction"] = connection.in_atomic_block
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=30)

    assert outcome == {
        "timed_out": TIMED_OUT,
        "setting": "0",
        "after": {"data": {"humanRightsBodies": []}},
        "in_transaction": False,
    }
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_without_a_slow_statement_nothing_changes(settings, taxonomy):
    settings.GRAPHQL_STATEMENT_TIMEOUT_MS = 50
    response = post(Client(), "{ humanRightsBodies { code } }")
    assert response.json() == {
        "data": {"humanRightsBodies": [{"code": "CAT"}, {"code": "UPR"}]}
    }
