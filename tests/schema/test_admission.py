"""Execution slots: a query waits for one, a cache hit never does.

While the process's only slot is held (as a long query would hold it), a
query that cannot get one within the wait is answered 503 with Retry-After,
and nothing runs; an answer already in the cache is served all the same. Once
the slot is free, the same query runs.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schema import admission

from .conftest import make_recommendation

pytestmark = pytest.mark.django_db

QUERY = "{ recommendations { totalCount items { reference } } }"


@pytest.fixture
def one_slot(settings, taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "122.1")
    settings.GRAPHQL_EXECUTION_SLOTS = 1
    settings.GRAPHQL_EXECUTION_WAIT_SECONDS = 0


def post(client):
    return client.post(
        "/graphql/", json.dumps({"query": QUERY}), content_type="application/json"
    )


def test_a_query_without_a_free_slot_is_answered_503_and_runs_nothing(client, one_slot):
    with admission.execution_slot():
        with CaptureQueriesContext(connection) as queries:
            response = post(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "errors": [{"message": "The API is busy; try again in a few seconds."}]
    }
    assert len(queries) == 0

    response = post(client)
    assert response.status_code == 200
    assert response.json()["data"]["recommendations"]["totalCount"] == 1


def test_a_cache_hit_needs_no_slot(client, one_slot):
    first = client.get("/graphql/", {"query": QUERY})
    assert first.status_code == 200
    with admission.execution_slot():
        cached = client.get("/graphql/", {"query": QUERY})
        uncached = client.get("/graphql/", {"query": QUERY + " "})
    assert cached.status_code == 200
    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]
    assert uncached.status_code == 503


def test_graphiql_s_page_needs_no_slot(client, one_slot):
    with admission.execution_slot():
        response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_the_slots_come_from_the_settings(settings):
    settings.GRAPHQL_EXECUTION_SLOTS = 2
    settings.GRAPHQL_EXECUTION_WAIT_SECONDS = 0
    with admission.execution_slot(), admission.execution_slot():
        with pytest.raises(admission.Busy), admission.execution_slot():
            pass
    with admission.execution_slot():
        pass
