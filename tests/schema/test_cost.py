"""The work budget: queries whose estimated result is too large never run."""

import pytest
from graphql import GraphQLList, get_named_type, get_nullable_type, is_composite_type
from graphql import parse as parse_graphql

from schema import cost
from schema.schema import schema

from .conftest import make_action, make_recommendation

# The probe's query: well inside the depth, alias and token limits, it returned
# 1.5 MB in seconds before the budget.
FAN_OUT = (
    "{recommendations(limit:100){items{actions{recommendations(limit:100)"
    "{actions{recommendations(limit:100){actions{indicators{progressReports"
    "{title}}}}}}}}}}"
)
FAN_OUT_PATH = (
    "recommendations.items.actions.recommendations.actions.recommendations"
    ".actions.indicators.progressReports"
)
# 100 items × 10 actions × 100 × 10 × 100 × 10 × 20 indicators × 20 reports,
# plus every level above.
FAN_OUT_COST = 421_101_101_101


def too_costly(total, path, largest, budget=20_000):
    return {
        "data": None,
        "errors": [
            {
                "message": f"Query too costly: it could return up to {total:,} "
                f"objects and the budget is {budget:,}. The most expensive part "
                f"is {path} (up to {largest:,}). Ask for fewer items with "
                "`limit`, or fewer nested lists.",
                "extensions": {
                    "code": "QUERY_TOO_COSTLY",
                    "cost": total,
                    "maxCost": budget,
                    "path": path,
                },
            }
        ],
    }


def estimate(query, variables=None):
    plan = cost.build_plan(schema._schema, parse_graphql(query), None)
    return plan.estimate(variables)


@pytest.fixture
def corpus(taxonomy):
    """Two recommendations with an action each: enough for every level to
    resolve if the query ran."""
    first = make_recommendation(taxonomy, "UPR-2024", "1.1")
    second = make_recommendation(taxonomy, "UPR-2024", "1.2")
    make_action(taxonomy, "A-1", recommendations=[first, second])
    make_action(taxonomy, "A-2", recommendations=[second])


def test_the_fan_out_query_is_refused_before_anything_runs(
    gql, corpus, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = gql.post(FAN_OUT)
    assert response.status_code == 200
    assert response.json() == too_costly(FAN_OUT_COST, FAN_OUT_PATH, 400_000_000_000)
    # The same client's ordinary query runs.
    data = gql("{ recommendations(limit: 100) { items { actions { reference } } } }")
    assert len(data["recommendations"]["items"]) == 2


def test_the_fan_out_over_get_is_refused_and_not_cached(client, corpus):
    response = client.get("/graphql/", {"query": FAN_OUT})
    assert response.status_code == 200
    assert response.json() == too_costly(FAN_OUT_COST, FAN_OUT_PATH, 400_000_000_000)
    assert response["Cache-Control"] == "no-store"


def test_five_aliases_of_the_fan_out_are_refused(gql, corpus):
    body = FAN_OUT[1:-1]
    query = "{" + " ".join(f"a{n}:{body}" for n in range(1, 6)) + "}"
    response = gql.post(query)
    assert response.json() == too_costly(
        5 * FAN_OUT_COST, "a5" + FAN_OUT_PATH[15:], 400_000_000_000
    )


def test_named_fragments_are_counted(gql, corpus):
    query = """
    fragment deeper on Action {
      recommendations(limit: 100) {
        actions { indicators { progressReports { title } } } }
    }
    fragment deep on Recommendation { actions { ...deeper } }
    { recommendations(limit: 100) { items { ...deep } } }"""
    response = gql.post(query)
    # 100 × 10 × 100 × 10 × 20 × 20 progress reports at the bottom.
    assert response.json() == too_costly(
        421_101_101,
        "recommendations.items.actions.recommendations.actions.indicators"
        ".progressReports",
        400_000_000,
    )


def test_inline_fragments_are_counted(gql, corpus):
    query = """{ recommendations(limit: 100) { items { ... on Recommendation {
      actions { ... { recommendations(limit: 100) { ... on Recommendation {
        actions { indicators { progressReports { title } } }
      } } } } } } } }"""
    response = gql.post(query)
    assert response.json()["errors"][0]["extensions"]["cost"] == 421_101_101


def test_a_field_selected_twice_is_counted_once(corpus):
    """Execution merges fields with one response key, so does the estimate."""
    once = "{ recommendations { items { actions { reference } } } }"
    twice = """fragment a on Recommendation { actions { reference } }
      { recommendations { items { actions { title } ...a ... { actions { id } } } } }"""
    assert estimate(once).total == estimate(twice).total == 1 + 20 + 200


def test_variables_for_limit_are_resolved(gql, corpus):
    query = """query($limit: Int!, $nested: Int = 100) {
      recommendations(limit: $limit) { items { actions {
        recommendations(limit: $nested) { actions { indicators { title } } } } } } }"""
    # 20 × 10 × 100 × 10 × 20 = 4,000,000 indicators, over the budget.
    refused = gql.post(query, {"limit": 20})
    assert refused.json()["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 4_220_221,
        "maxCost": 20_000,
        "path": "recommendations.items.actions.recommendations.actions.indicators",
    }
    # The same document (its plan is cached) with smaller variables runs.
    data = gql(query, {"limit": 2, "nested": 1})
    assert [len(item["actions"]) for item in data["recommendations"]["items"]] == [
        1,
        2,
    ]
    assert (
        estimate(query, {"limit": 2, "nested": 1}).total == 1 + 2 + 20 + 20 + 200 + 4000
    )


def test_the_budget_is_a_setting(gql, corpus, settings):
    query = "{ recommendations(limit: 100) { items { actions { reference } } } }"
    assert estimate(query).total == 1101
    settings.GRAPHQL_MAX_COST = 1100
    assert gql.post(query).json() == too_costly(
        1101, "recommendations.items.actions", 1000, budget=1100
    )
    settings.GRAPHQL_MAX_COST = 1101
    assert len(gql(query)["recommendations"]["items"]) == 2


def test_the_worked_example_of_the_api_guide():
    """docs/api.md walks through this estimate."""
    query = """{ recommendations(limit: 20) {
      totalCount
      items { reference cycle { code }
              actions { reference indicators(limit: 5) { title } } }
      facets { bodies { code count } } } }"""
    result = estimate(query)
    # 1 list + 20 items + 20 cycles + 20 × 10 actions + 200 × 5 indicators
    # + 1 facets + 20 bodies
    assert result.total == 1 + 20 + 20 + 200 + 1000 + 1 + 20 == 1262
    assert result.largest == 1000
    assert ".".join(result.largest_path) == "recommendations.items.actions.indicators"
    larger = query.replace("limit: 20", "limit: 100").replace("(limit: 5)", "")
    result = estimate(larger)
    assert (result.total, result.largest) == (21_222, 20_000)


def test_limits_out_of_range_leave_the_error_to_the_field(gql, corpus):
    """An estimate counts at most 100 and at least 0 per list; the field then
    refuses the bad limit with its own message."""
    assert gql.errors("{ recommendations(limit: 1000) { totalCount } }") == [
        "limit must be between 0 and 100."
    ]
    assert gql.errors(
        "{ recommendations { items { actions(limit: -1) { id } } } }"
    ) == ["limit must be between 0 and 100."]


def test_introspection_is_not_counted(gql, db):
    """GraphiQL's introspection query is bounded by the schema itself."""
    from graphql import get_introspection_query

    data = gql(get_introspection_query())
    assert data["__schema"]["queryType"]["name"] == "Query"


def test_every_list_of_objects_has_a_size():
    """A list without `limit` must declare its size, or the estimate guesses."""
    unsized = []
    for type_name, graphql_type in schema._schema.type_map.items():
        if type_name.startswith("__") or not hasattr(graphql_type, "fields"):
            continue
        for field_name, field in graphql_type.fields.items():
            nullable = get_nullable_type(field.type)
            if not isinstance(nullable, GraphQLList):
                continue
            if not is_composite_type(get_named_type(field.type)):
                continue  # lists of enums (smart letters) are counted as scalars
            definition = field.extensions["strawberry-definition"]
            if "limit" not in field.args and cost.SIZE_KEY not in definition.metadata:
                unsized.append(f"{type_name}.{field_name}")
    assert unsized == []
