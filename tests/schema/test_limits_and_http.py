"""Abuse limits, error masking, and the HTTP side: GET, caching, CORS, CSRF."""

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content_models.models import Recommendation
from schema import versioning
from schema.schema import schema

from .conftest import make_recommendation

SIMPLE = "{ recommendations(limit: 1) { totalCount items { reference } } }"


def test_deep_query_is_refused(gql):
    deep = "{ recommendations { items { " + "actions { recommendations { " * 6
    deep += "id" + " } }" * 6 + " } } }"
    errors = gql.errors(deep)
    assert any("exceeds maximum operation depth" in error for error in errors)


def test_alias_bomb_is_refused(gql):
    bomb = (
        "{ "
        + " ".join(f"a{n}: recommendations {{ totalCount }}" for n in range(16))
        + " }"
    )
    assert gql.errors(bomb) == ["16 aliases found. Allowed: 15"]


def test_huge_query_is_refused(gql):
    huge = "{ recommendations { totalCount " + "totalCount " * 3000 + "} }"
    errors = gql.errors(huge)
    assert errors == [
        "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."
    ]


def test_batching_is_refused(client):
    response = client.post(
        "/graphql/",
        json.dumps([{"query": SIMPLE}, {"query": SIMPLE}]),
        content_type="application/json",
    )
    assert response.status_code == 400


def test_unexpected_errors_are_masked(gql, monkeypatch, db):
    from schema import listing

    def explode(*args, **kwargs):
        raise RuntimeError('relation "secret_table" does not exist')

    monkeypatch.setattr(listing, "find", explode)
    response = gql.post(SIMPLE)
    assert response.json()["errors"][0]["message"] == "Unexpected error."
    assert "secret_table" not in response.content.decode()


def test_no_field_suggestions(gql, db):
    errors = gql.errors("{ recommendation { referenc } }")
    assert errors == ["Cannot query field 'referenc' on type 'Recommendation'."]


def test_mutations_do_not_exist_and_get_runs_queries_only(client, db):
    response = client.get("/graphql/", {"query": "mutation { x }"})
    assert response.status_code == 400


def test_graphiql_in_a_browser(client, db):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_get_is_cached_with_etag_and_304(client, taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    first = client.get("/graphql/", {"query": SIMPLE})
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    assert first.json()["data"]["recommendations"]["totalCount"] == 1

    again = client.get("/graphql/", {"query": SIMPLE})
    assert again.content == first.content and again["ETag"] == etag

    not_modified = client.get("/graphql/", {"query": SIMPLE}, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert not_modified.content == b""


def test_a_draft_of_a_published_item_keeps_the_cached_answer(client, taxonomy):
    """Saving a draft writes only editorial columns of the live row: the
    publication version stays, and the cached answer is served as it was."""
    recommendation = make_recommendation(taxonomy, "UPR-2024", "1.1")
    first = client.get("/graphql/", {"query": SIMPLE})
    version = versioning.current()

    recommendation.title = "Draft title"
    recommendation.save_revision()

    assert versioning.current() == version
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(
            "/graphql/", {"query": SIMPLE}, HTTP_IF_NONE_MATCH=first["ETag"]
        )
    assert len(queries) == 1  # the version: the answer comes from the cache
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == first["ETag"]
    again = client.get("/graphql/", {"query": SIMPLE})
    assert (again.status_code, again.content) == (200, first.content)


def test_a_new_draft_changes_the_version_but_not_the_answer(client, taxonomy):
    """Inserting a row changes the version (the triggers cannot tell a draft
    from a published insert); the answer is computed again, and as it is the
    same, so is its ETag: still a 304."""
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    first = client.get("/graphql/", {"query": SIMPLE})
    version = versioning.current()

    make_recommendation(taxonomy, "UPR-2024", "1.2", live=False)

    assert versioning.current() != version
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(
            "/graphql/", {"query": SIMPLE}, HTTP_IF_NONE_MATCH=first["ETag"]
        )
    assert len(queries) > 1  # computed again
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == first["ETag"]
    again = client.get("/graphql/", {"query": SIMPLE})
    assert (again.status_code, again.content) == (200, first.content)


def test_publishing_invalidates_the_cache(
    client, taxonomy, django_capture_on_commit_callbacks
):
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    first = client.get("/graphql/", {"query": SIMPLE})
    draft = make_recommendation(taxonomy, "UPR-2024", "1.2", live=False)
    Recommendation.objects.filter(pk=draft.pk).update(live=False)

    draft.save_revision().publish()
    published = client.get(
        "/graphql/", {"query": SIMPLE}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert published.status_code == 200
    assert published.json()["data"]["recommendations"]["totalCount"] == 2

    draft.refresh_from_db()
    draft.unpublish()
    unpublished = client.get("/graphql/", {"query": SIMPLE})
    assert unpublished.json()["data"]["recommendations"]["totalCount"] == 1
    assert unpublished["ETag"] == first["ETag"]


def test_version_changes_on_publish_but_not_on_draft_saves(taxonomy):
    from schema import versioning

    recommendation = make_recommendation(taxonomy, "UPR-2024", "1.1")
    before = versioning.current()
    recommendation.title = "A draft"
    recommendation.save_revision()
    recommendation.locked = True
    recommendation.save(update_fields=["locked"])
    assert versioning.current() == before
    recommendation.save_revision().publish()
    assert versioning.current() != before


def test_errors_and_authenticated_gets_are_not_cached(
    client, taxonomy, django_user_model
):
    bad = client.get(
        "/graphql/", {"query": "{ recommendations(limit: 101) { totalCount } }"}
    )
    assert bad["Cache-Control"] == "no-store"
    assert "ETag" not in bad
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    private = client.get("/graphql/", {"query": SIMPLE})
    assert private.status_code == 200
    assert private["Cache-Control"] == "private, no-store"


def test_cors_for_reads_from_other_sites(client, db):
    preflight = client.options(
        "/graphql/",
        HTTP_ORIGIN="https://partner.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    response = client.get(
        "/graphql/", {"query": SIMPLE}, HTTP_ORIGIN="https://partner.example.org"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_csrf_anonymous_post_works_session_post_needs_token(db, django_user_model):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(
        "/graphql/",
        json.dumps({"query": SIMPLE}),
        content_type="application/json",
        HTTP_ORIGIN="https://partner.example.org",
    )
    assert response.status_code == 200

    editor = Client(enforce_csrf_checks=True)
    editor.force_login(django_user_model.objects.create_user("e", password="x"))
    refused = editor.post(
        "/graphql/", json.dumps({"query": SIMPLE}), content_type="application/json"
    )
    assert refused.status_code == 403
    editor.get("/admin/login/")
    token = editor.cookies["csrftoken"].value
    accepted = editor.post(
        "/graphql/",
        json.dumps({"query": SIMPLE}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 200


def test_committed_sdl_matches_the_schema():
    """Run `manage.py graphql_schema` after changing the schema."""
    committed = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"
    assert committed.read_text() == schema.as_str() + "\n"


def test_every_field_and_argument_is_described():
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description and arg_name != "filter":
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(graphql_type, GraphQLEnumType | GraphQLObjectType) and not (
            graphql_type.description or name == "Query"
        ):
            missing.append(name)
    assert missing == []


# The statement timeout's transaction on PostgreSQL (a savepoint inside the
# test's transaction): the same few statements whatever the query.
TIMEOUT_BOOKKEEPING = re.compile(
    r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|SET LOCAL statement_timeout)"
)


@pytest.mark.parametrize("limit", [5, 50])
def test_query_count_does_not_grow_with_page_size(gql, taxonomy, limit):
    from tests.factories import ActionFactory

    for n in range(60):
        recommendation = make_recommendation(
            taxonomy, "UPR-2024", f"1.{n}", issues=["justice"], states=["AUS"]
        )
        action = ActionFactory(reference=f"A-{n}")
        action.recommendations.set([recommendation])
        action.save()
    query = """query($limit: Int) { recommendations(limit: $limit) { totalCount
      items { reference cycle { code body { code } } recommendingStates { code }
              issues { slug } actions { reference smart leadAgency { code }
              indicators { reference } } }
      facets { issues { code count } cycles { code count } } } }"""
    gql(query, {"limit": 1})  # builds the facet index
    with CaptureQueriesContext(connection) as captured:
        data = gql(query, {"limit": limit})
    assert len(data["recommendations"]["items"]) == limit
    statements = [query["sql"] for query in captured.captured_queries]
    bookkeeping = [sql for sql in statements if TIMEOUT_BOOKKEEPING.match(sql)]
    # version, page, states, issues, actions, SMART letters, indicators
    assert len(statements) - len(bookkeeping) <= 7, statements
    assert len(bookkeeping) == (4 if connection.vendor == "postgresql" else 0)
