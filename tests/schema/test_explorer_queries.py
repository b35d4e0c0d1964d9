"""The explorer's own queries stay well inside the work budget, and run.

They are read from cms/static/explorer/queries.js, as the page sends them, with
the variables main.js gives them (20 items a page).
"""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from graphql import parse as parse_graphql

from schema import cost
from schema.schema import schema

from .conftest import make_action, make_recommendation

PAGE_SIZE = 20  # state.js


def explorer_documents() -> dict[str, str]:
    """The exported GraphQL documents of queries.js, with their ${…} parts
    filled in."""
    with open(finders.find("explorer/queries.js"), encoding="utf-8") as source:
        script = source.read()
    parts = {
        name: value for name, value in re.findall(r'const (\w+) = "([^"]*)";', script)
    }
    documents = {}
    for exported, name, text in re.findall(
        r"(export )?const (\w+) = `(.*?)`;", script, re.S
    ):
        text = re.sub(r"\$\{(\w+)\}", lambda match: parts[match.group(1)], text)
        parts[name] = text
        if exported:
            documents[name] = text
    return documents


def list_variables(past=False):
    filter = {} if past else {"currentCycleOnly": True}
    return {
        "filter": filter,
        "search": None,
        "order": "NEWEST",
        "offset": 0,
        "limit": PAGE_SIZE,
    }


def overview_variables(past=False):
    base = {} if past else {"currentCycleOnly": True}
    return {
        "currentOnly": not past,
        "inPreparation": {**base, "progressStatuses": ["IN_PREPARATION"]},
        "inProgress": {**base, "progressStatuses": ["IN_PROGRESS"]},
        "completed": {**base, "progressStatuses": ["COMPLETED"]},
        "all": {**base},
        "withActions": {**base, "hasActions": True},
    }


CASES = {
    "RECOMMENDATION_LIST": list_variables(),
    "ACTION_LIST": list_variables(past=True),
    "OVERVIEW": overview_variables(),
    "RECOMMENDATION_DETAIL": {"cycle": "UPR-2024", "reference": "1.1"},
    "ACTION_DETAIL": {"reference": "A-1"},
    "INDICATOR_SERIES": {"reference": "I-1"},
}


def test_every_exported_query_is_checked():
    assert set(explorer_documents()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_explorer_query_is_well_inside_the_budget_and_runs(gql, taxonomy, name):
    first = make_recommendation(
        taxonomy, "UPR-2024", "1.1", states=["AUS"], issues=["justice"]
    )
    make_action(taxonomy, "A-1", recommendations=[first], smart="SM")

    document = explorer_documents()[name]
    variables = CASES[name]
    plan = cost.build_plan(schema._schema, parse_graphql(document), None)
    estimate = plan.estimate(variables).total
    assert 0 < estimate < settings.GRAPHQL_MAX_COST / 4, estimate

    data = gql(document, variables)
    assert data  # no errors (gql asserts that)
    if name == "RECOMMENDATION_DETAIL":
        assert data["recommendation"]["actions"][0]["reference"] == "A-1"
    if name == "INDICATOR_SERIES":
        assert data["indicator"] is None  # no such indicator here
    if name == "ACTION_DETAIL":
        assert data["action"]["recommendations"][0]["naturalKey"] == "UPR-2024/1.1"
