"""One public read model: ``/export/<kind>.csv`` lists exactly what the GraphQL
list of the same name returns — the same rows in the same order — for every
filter of the list's GraphQL input, for search and for every order.

The filters are read from the GraphQL schema itself, not from the code that
declares them: a filter added to GraphQL without a sample here fails, and so
does one the export does not take or reads differently.
"""

import csv
import io

import pytest
from graphql import GraphQLInputObjectType

from schema.schema import schema

pytestmark = pytest.mark.django_db

LISTS = {
    "recommendations": ("RecommendationFilter", "RecommendationOrder", "naturalKey"),
    "actions": ("ActionFilter", "ActionOrder", "reference"),
    "indicators": ("IndicatorFilter", "IndicatorOrder", "reference"),
}

# A value of every filter that picks some of the published rows, not all and
# not none. The export gets the same values in lower case (codes match
# whatever their case) and comma-separated; booleans are tried both ways.
SAMPLES = {
    "recommendations": {
        "bodies": ["CAT"],
        "cycles": ["UPR-2019", "CAT-2023"],
        "recommendingStates": ["AUS"],
        "issues": ["housing"],
        "affectedGroups": ["children"],
        "agencies": ["TPK", "MSD"],
        "uprResponses": ["SUPPORTED", "NOTED"],
        "sdgs": [16],
        "actionStatuses": ["COMPLETED"],
        "hasActions": None,
        "followUp": None,
        "prioritised": None,
        "currentCycleOnly": None,
    },
    "actions": {
        "bodies": ["CAT"],
        "cycles": ["UPR-2019"],
        "recommendingStates": ["CAN"],
        "issues": ["justice", "housing"],
        "affectedGroups": ["children"],
        "agencies": ["TPK"],
        "progressStatuses": ["COMPLETED", "IN_PROGRESS"],
        "smart": ["S", "M"],
        "preExisting": None,
        "overdue": None,
        "currentCycleOnly": None,
    },
    "indicators": {
        "actions": ["A-2"],
        "agencies": ["MoJ"],
        "kinds": ["KEY_DELIVERABLE", "PROGRESS_INDICATOR"],
        "smart": ["S", "M"],
        "progressStatuses": ["IN_PROGRESS"],
    },
}
MISSING = "no sample: add one to SAMPLES"
SEARCHES = {"recommendations": "housing", "actions": "housing", "indicators": "housing"}


def input_fields(type_name):
    graphql_type = schema._schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLInputObjectType)
    return list(graphql_type.fields)


def enum_values(type_name):
    return list(schema._schema.type_map[type_name].values)


def filter_cases():
    for kind, (filter_type, _order, _key) in LISTS.items():
        for name in input_fields(filter_type):
            sample = SAMPLES[kind].get(name, MISSING)
            if sample is None:  # a yes/no filter
                yield pytest.param(kind, {name: True}, id=f"{kind}-{name}-true")
                yield pytest.param(kind, {name: False}, id=f"{kind}-{name}-false")
            else:
                yield pytest.param(kind, {name: sample}, id=f"{kind}-{name}")


def graphql_keys(gql, kind, **variables):
    filter_type, order_type, key = LISTS[kind]
    query = f"""query($filter: {filter_type}, $search: String, $order: {order_type}) {{
      {kind}(filter: $filter, search: $search, order: $order, limit: 100) {{
        totalCount items {{ {key} }} }} }}"""
    result = gql(query, variables)[kind]
    keys = [item[key] for item in result["items"]]
    assert result["totalCount"] == len(keys)
    return keys


def export_keys(client, kind, params):
    response = client.get(f"/export/{kind}.csv", params)
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    if kind == "recommendations":
        return [f"{row['cycle']}/{row['reference']}" for row in rows]
    return [row["reference"] for row in rows]


def query_string(filter_):
    """The export's parameters for a GraphQL filter: same names, any case."""
    params = {}
    for name, value in filter_.items():
        if isinstance(value, bool):
            params[name] = "true" if value else "false"
        else:
            params[name] = ",".join(str(item).lower() for item in value)
    return params


@pytest.mark.parametrize(("kind", "filter_"), list(filter_cases()))
def test_every_filter_exports_what_graphql_lists(
    gql, client, lists_world, kind, filter_
):
    assert MISSING not in filter_.values(), filter_
    everything = graphql_keys(gql, kind)
    expected = graphql_keys(gql, kind, filter=filter_)
    if filter_ != {"currentCycleOnly": False}:  # false is no filter at all
        assert 0 < len(expected) < len(everything), "make the sample pick some"
    assert export_keys(client, kind, query_string(filter_)) == expected


@pytest.mark.parametrize("kind", LISTS)
def test_search_and_every_order_export_what_graphql_lists(
    gql, client, lists_world, kind
):
    search = SEARCHES[kind]
    everything = graphql_keys(gql, kind)
    found = graphql_keys(gql, kind, search=search)
    assert 0 < len(found) < len(everything)
    assert export_keys(client, kind, {"search": search}) == found
    for order in enum_values(LISTS[kind][1]):
        expected = graphql_keys(gql, kind, search=search, order=order)
        assert sorted(expected) == sorted(found)
        got = export_keys(client, kind, {"search": search, "order": order.lower()})
        assert got == expected, order
        without_search = graphql_keys(gql, kind, order=order)
        assert export_keys(client, kind, {"order": order}) == without_search, order


def test_filters_search_and_order_together(gql, client, lists_world):
    filter_ = {"issues": ["housing", "justice"], "currentCycleOnly": False}
    expected = graphql_keys(
        gql, "recommendations", filter=filter_, search="housing", order="NEWEST"
    )
    assert expected == ["UPR-2024/1.2", "UPR-2019/9.10"]
    params = {
        "issues": ["HOUSING", "Justice"],
        "currentCycleOnly": "false",
        "search": "Housing",
        "order": "NEWEST",
    }
    assert export_keys(client, "recommendations", params) == expected


def test_the_samples_cover_exactly_the_graphql_filters():
    """No sample for a filter GraphQL does not have (a removed filter)."""
    for kind, (filter_type, _order, _key) in LISTS.items():
        assert list(SAMPLES[kind]) == input_fields(filter_type), kind
