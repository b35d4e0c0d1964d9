"""Codes mean the same in both readers: GraphQL and ``/export/<kind>.csv``
match them case-insensitively, answer in the canonical spelling, and refuse an
unknown one with the same message naming it."""

import csv
import io

import pytest

from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

RECOMMENDATIONS = """query($filter: RecommendationFilter) {
  recommendations(filter: $filter) {
    items { reference } facets { bodies { code count } } } }"""
INDICATORS = """query($filter: IndicatorFilter) {
  indicators(filter: $filter) { items { reference } } }"""


def export(client, kind, params):
    response = client.get(f"/export/{kind}.csv", params)
    if response.status_code == 200:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = csv.DictReader(io.StringIO(text))
        return 200, sorted(row["reference"] for row in rows)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.status_code, response.content.decode()


def refusal(gql, query, filter_):
    """The one error of a refused query, and that nothing was returned."""
    response = gql.post(query, {"filter": filter_})
    assert response.status_code == 200
    payload = response.json()
    assert payload["data"] is None
    [error] = payload["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    return error["message"]


def test_codes_match_whatever_their_case_in_both_readers(gql, client, lists_world):
    result = gql(RECOMMENDATIONS, {"filter": {"bodies": ["cat"]}})["recommendations"]
    assert sorted(item["reference"] for item in result["items"]) == [
        "para 12(a)",
        "para 2",
    ]
    # Facet codes keep their canonical spelling, the chosen one included.
    assert result["facets"]["bodies"] == [
        {"code": "CAT", "count": 2},
        {"code": "UPR", "count": 3},
    ]
    assert export(client, "recommendations", {"bodies": "cAt"}) == (
        200,
        ["para 12(a)", "para 2"],
    )
    mixed = {"issues": ["HOUSING"], "agencies": ["moj"], "recommendingStates": ["aus"]}
    result = gql(RECOMMENDATIONS, {"filter": mixed})["recommendations"]
    assert [item["reference"] for item in result["items"]] == ["9.10"]
    assert export(
        client,
        "recommendations",
        {"issues": "HOUSING", "agencies": "moj", "recommendingStates": "aus"},
    ) == (200, ["9.10"])
    # Enum values too, in the export (GraphQL enums are exact by the spec).
    assert export(client, "recommendations", {"uprResponses": "Noted"}) == (
        200,
        ["1.2"],
    )


def test_an_unknown_code_is_the_same_error_in_both_readers(gql, client, lists_world):
    message = "Unknown bodies code: XYZ. Known codes: CAT, UPR."
    assert refusal(gql, RECOMMENDATIONS, {"bodies": ["CAT", "XYZ"]}) == message
    assert export(client, "recommendations", {"bodies": "CAT,XYZ"}) == (400, message)
    # Positive control: the same reader, a known code.
    assert export(client, "recommendations", {"bodies": "CAT"})[0] == 200

    message = (
        "Unknown affectedGroups codes: elders, youth. Known codes: children, maori."
    )
    assert refusal(gql, RECOMMENDATIONS, {"affectedGroups": ["elders", "youth"]}) == (
        message
    )
    assert export(client, "recommendations", {"affectedGroups": "elders,youth"}) == (
        400,
        message,
    )

    message = "Unknown sdgs code: 99. Known codes: 5, 16."
    assert refusal(gql, RECOMMENDATIONS, {"sdgs": [99]}) == message
    assert export(client, "recommendations", {"sdgs": "99"}) == (400, message)

    message = "Unknown recommendingStates code: XXX. Known codes: AUS, CAN, FJI."
    assert export(client, "actions", {"recommendingStates": "XXX"}) == (400, message)


def test_the_known_codes_shown_are_at_most_twenty(gql, client, lists_world):
    for number in range(30):
        AgencyFactory(code=f"AG{number:02}", name=f"Agency {number:02}")
    message = refusal(gql, RECOMMENDATIONS, {"agencies": ["NOPE"]})
    assert message.startswith("Unknown agencies code: NOPE. Known codes: ")
    assert message.endswith(", … (33 in all).")
    assert message.count(",") == 20
    assert export(client, "recommendations", {"agencies": "NOPE"}) == (400, message)


def test_references_of_content_match_in_any_case_and_unknown_ones_match_nothing(
    gql, client, lists_world
):
    def indicators(filter_):
        result = gql(INDICATORS, {"filter": filter_})["indicators"]
        return sorted(item["reference"] for item in result["items"])

    assert indicators({"actions": ["a-1"]}) == ["I-1", "I-2"]
    assert export(client, "indicators", {"actions": "a-1"}) == (200, ["I-1", "I-2"])
    # A draft action's reference is no different from one that never existed.
    for reference in ("A-3", "NO-SUCH-ACTION"):
        assert indicators({"actions": [reference]}) == []
        assert export(client, "indicators", {"actions": reference}) == (200, [])


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        (
            "recommendations",
            {"uprResponses": "MAYBE"},
            "Unknown uprResponses code: MAYBE. "
            "Known codes: SUPPORTED, SUPPORTED_IN_PART, NOTED.",
        ),
        (
            "actions",
            {"smart": "S,X"},
            "Unknown smart code: X. Known codes: S, M, A, R, T.",
        ),
        (
            "recommendations",
            {"hasActions": "maybe"},
            "hasActions takes true or false, not maybe.",
        ),
        ("recommendations", {"sdgs": "five"}, "sdgs takes numbers, not five."),
        (
            "actions",
            {"order": "sideways"},
            "Unknown order sideways; the orders are: REFERENCE, NEWEST, RELEVANCE.",
        ),
        (
            "indicators",
            {"kind": "PROCESS_STEP"},
            "Unknown filter kind; the filters of indicators are: actions, agencies, "
            "kinds, smart, progressStatuses (and search, order).",
        ),
    ],
)
def test_the_export_refuses_bad_parameters_with_a_message(
    client, lists_world, kind, params, message
):
    assert export(client, kind, params) == (400, message)
