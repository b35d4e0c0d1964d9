"""Bad bodies and control characters: a precise 400 or validation error, never
a 500, never an ERROR in the log, never a database query."""

import json
import logging

import pytest

from .conftest import make_action

pytestmark = pytest.mark.django_db

LOOKUP = "query($reference: String) { action(reference: $reference) { reference } }"


@pytest.fixture
def action(taxonomy):
    return make_action(taxonomy, "A-1")


def error_records(caplog):
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


def post_raw(client, body, content_type="application/json"):
    return client.post("/graphql/", body, content_type=content_type)


@pytest.mark.parametrize(
    "body, message",
    [
        # Latin-1 "é" in a string: not UTF-8.
        (
            b'{"query": "{ action(reference: \\"A-\xe9\\") { id } }"}',
            "The request body is not valid UTF-8.",
        ),
        (b"\xff\xfe{\x00", "The request body is not valid UTF-8."),
        (
            b'{"query": "{ recommendations { totalCount } }"',
            "Unable to parse request body as JSON",
        ),
        (b"  ", "Unable to parse request body as JSON"),
        (
            b'"{ recommendations { totalCount } }"',
            'The request body must be a JSON object, e.g. {"query": '
            '"{ recommendations { totalCount } }", "variables": {}}.',
        ),
        (
            b'[{"query": "{ recommendations { totalCount } }"}]',
            'The request body must be a JSON object, e.g. {"query": '
            '"{ recommendations { totalCount } }", "variables": {}}.',
        ),
        (
            b"42",
            'The request body must be a JSON object, e.g. {"query": '
            '"{ recommendations { totalCount } }", "variables": {}}.',
        ),
        (b"nonsense", "Unable to parse request body as JSON"),
    ],
)
def test_a_bad_body_is_a_400_with_a_json_error(
    client, caplog, django_assert_num_queries, body, message
):
    with django_assert_num_queries(0):
        response = post_raw(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": [{"message": message}]}
    assert error_records(caplog) == []


def test_a_good_body_from_the_same_client_works(client, action):
    """The positive control: UTF-8 JSON, with a non-ASCII character."""
    response = post_raw(
        client,
        json.dumps(
            {"query": LOOKUP, "variables": {"reference": "A-1"}}, ensure_ascii=False
        ).encode(),
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"action": {"reference": "A-1"}}}
    response = post_raw(
        client,
        '{"query": "{ action(reference: \\"Kōkiri\\") { id } }"}'.encode(),
    )
    assert response.json() == {"data": {"action": None}}


def test_other_strawberry_refusals_are_json_too(client, db):
    wrong_type = post_raw(client, b"query=x", content_type="text/plain")
    assert wrong_type.status_code == 400
    assert wrong_type.json() == {"errors": [{"message": "Unsupported content type"}]}
    no_query = post_raw(client, b'{"variables": {}}')
    assert no_query.status_code == 400
    assert no_query.json() == {
        "errors": [{"message": "No GraphQL query found in the request"}]
    }
    put = client.put("/graphql/", b"{}", content_type="application/json")
    assert put.status_code == 405
    assert put.json() == {
        "errors": [{"message": "GraphQL only supports GET and POST requests."}]
    }


def test_nul_in_an_inline_argument_is_refused(gql, action, caplog):
    response = gql.post('{ action(reference: "A-1\\u0000") { reference } }')
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": 'The argument "reference" of field "action" contains '
                "the control character U+0000, which is not allowed.",
                "locations": [{"line": 1, "column": 10}],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert error_records(caplog) == []


def test_nul_in_a_variable_is_refused_before_any_query(
    gql, action, caplog, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = gql.post(LOOKUP, {"reference": "A-1\x00"})
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": 'Variable "$reference", passed as the argument '
                '"reference" of field "action", contains the control character '
                "U+0000, which is not allowed.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert error_records(caplog) == []
    # The same lookup without it finds the action.
    assert gql(LOOKUP, {"reference": "A-1"}) == {"action": {"reference": "A-1"}}


def test_control_characters_inside_filters_and_defaults(gql, db):
    query = """query($filter: RecommendationFilter) {
      recommendations(filter: $filter) { totalCount } }"""
    assert gql.post(query, {"filter": {"cycles": ["UPR-2024", "x\x1b"]}}).json()[
        "errors"
    ][0]["message"] == (
        'Variable "$filter" at "cycles[1]", passed as the argument "filter" of '
        'field "recommendations", contains the control character U+001B, which '
        "is not allowed."
    )
    assert gql.errors('{ recommendations(search: "a\\u007fb") { totalCount } }') == [
        'The argument "search" of field "recommendations" contains the control '
        "character U+007F, which is not allowed."
    ]
    assert gql.errors(
        'query($search: String = "\\u0008") '
        "{ recommendations(search: $search) { totalCount } }"
    ) == [
        'The default value of variable "$search" contains the control character '
        "U+0008, which is not allowed."
    ]


def test_tab_line_feed_and_carriage_return_are_allowed(gql, db):
    query = "query($search: String) { recommendations(search: $search) { totalCount } }"
    assert gql(query, {"search": "a\tb\r\nc"}) == {"recommendations": {"totalCount": 0}}


def test_json_nested_too_deeply_is_a_400(client, db, caplog):
    deep = "[" * 100_000 + "]" * 100_000
    body = '{"query": "{ recommendations { totalCount } }", "variables": {"x": %s}}'
    body %= deep
    response = post_raw(client, body.encode())
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "The JSON is nested too deeply."}]
    }
    over_get = client.get(
        "/graphql/", {"query": "{ recommendations { totalCount } }", "variables": deep}
    )
    assert over_get.status_code == 400
    assert over_get.json() == {
        "errors": [{"message": "The JSON is nested too deeply."}]
    }
    assert error_records(caplog) == []


def test_a_control_character_deep_in_a_variable_is_found(gql, db):
    query = """query($filter: RecommendationFilter) {
      recommendations(filter: $filter) { totalCount } }"""
    value = "ok"
    for _ in range(500):  # deeper than Python's recursion would go with us
        value = [value]
    value = [value, "\x00"]
    response = gql.post(query, {"filter": {"cycles": value}})
    message = response.json()["errors"][0]["message"]
    assert message.startswith('Variable "$filter" at "cycles[1]", passed as')
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
