"""Recommendation list: every filter, the disjunctive facets, paging, orders."""

import pytest

from content_models.models import Recommendation

from .conftest import make_action, make_recommendation

QUERY = """
query($filter: RecommendationFilter, $order: RecommendationOrder,
      $offset: Int, $limit: Int) {
  recommendations(filter: $filter, order: $order, offset: $offset, limit: $limit) {
    totalCount
    items { reference cycle { code } }
    facets {
      bodies { code count } cycles { code count } recommendingStates { code count }
      issues { code count } affectedGroups { code count } agencies { code count }
      uprResponses { code count } sdgs { code count } actionStatuses { code count }
    }
  }
}
"""
FACETS = {
    "bodies": "cycle__body__code",
    "cycles": "cycle__code",
    "recommendingStates": "recommending_states__code",
    "issues": "issues__slug",
    "affectedGroups": "affected_groups__slug",
    "agencies": "responsible_agencies__code",
}


@pytest.fixture
def corpus(taxonomy):
    t = taxonomy
    r = {}
    r["u1"] = make_recommendation(
        t,
        "UPR-2024",
        "1.1",
        states=["AUS", "FJI"],
        issues=["justice"],
        groups=["maori"],
        sdgs=[16],
        agencies=["MoJ"],
        upr_response="supported",
        prioritised=True,
    )
    r["u2"] = make_recommendation(
        t,
        "UPR-2024",
        "1.2",
        states=["CAN"],
        issues=["housing"],
        groups=["children"],
        sdgs=[5],
        agencies=["MSD"],
        upr_response="noted",
    )
    r["u3"] = make_recommendation(
        t,
        "UPR-2019",
        "9.10",
        states=["AUS"],
        issues=["justice", "housing"],
        agencies=["MoJ", "TPK"],
        upr_response="supported_in_part",
    )
    r["c1"] = make_recommendation(
        t,
        "CAT-2023",
        "para 12(a)",
        issues=["justice"],
        groups=["maori", "children"],
        agencies=["MoJ"],
        follow_up=True,
    )
    r["c2"] = make_recommendation(t, "CAT-2023", "para 2", sdgs=[16])
    r["draft"] = make_recommendation(
        t, "UPR-2024", "1.3", states=["AUS"], issues=["justice"], live=False
    )
    make_action(
        t,
        "A-1",
        recommendations=[r["u1"], r["c1"]],
        lead="MoJ",
        progress_status="in_progress",
    )
    make_action(
        t, "A-2", recommendations=[r["u3"]], lead="MSD", progress_status="completed"
    )
    make_action(
        t,
        "A-3",
        recommendations=[r["u2"]],
        lead="MSD",
        live=False,
        progress_status="completed",
    )
    return r


def run(gql, **variables):
    return gql(QUERY, variables)["recommendations"]


def references(result):
    return [item["reference"] for item in result["items"]]


def test_default_order_is_cycle_then_natural_reference(gql, corpus):
    result = run(gql)
    assert result["totalCount"] == 5
    assert [(i["cycle"]["code"], i["reference"]) for i in result["items"]] == [
        ("CAT-2023", "para 2"),
        ("CAT-2023", "para 12(a)"),
        ("UPR-2019", "9.10"),
        ("UPR-2024", "1.1"),
        ("UPR-2024", "1.2"),
    ]


def test_newest_order_puts_latest_cycle_first(gql, corpus):
    result = run(gql, order="NEWEST")
    assert references(result) == ["1.1", "1.2", "para 2", "para 12(a)", "9.10"]


@pytest.mark.parametrize(
    "filter_, expected",
    [
        ({"bodies": ["CAT"]}, {"para 2", "para 12(a)"}),
        ({"cycles": ["UPR-2019", "CAT-2023"]}, {"9.10", "para 2", "para 12(a)"}),
        ({"recommendingStates": ["AUS"]}, {"1.1", "9.10"}),
        ({"issues": ["housing"]}, {"1.2", "9.10"}),
        ({"affectedGroups": ["children"]}, {"1.2", "para 12(a)"}),
        ({"agencies": ["TPK", "MSD"]}, {"1.2", "9.10"}),
        ({"uprResponses": ["SUPPORTED", "NOTED"]}, {"1.1", "1.2"}),
        ({"sdgs": [16]}, {"1.1", "para 2"}),
        ({"actionStatuses": ["COMPLETED"]}, {"9.10"}),
        ({"actionStatuses": ["IN_PROGRESS"]}, {"1.1", "para 12(a)"}),
        ({"hasActions": True}, {"1.1", "9.10", "para 12(a)"}),
        ({"hasActions": False}, {"1.2", "para 2"}),
        ({"followUp": True}, {"para 12(a)"}),
        ({"followUp": False}, {"1.1", "1.2", "9.10", "para 2"}),
        ({"prioritised": True}, {"1.1"}),
        ({"currentCycleOnly": True}, {"1.1", "1.2", "para 2", "para 12(a)"}),
        ({"currentCycleOnly": False}, {"1.1", "1.2", "9.10", "para 2", "para 12(a)"}),
        ({"issues": []}, {"1.1", "1.2", "9.10", "para 2", "para 12(a)"}),
        ({"issues": ["JUSTICE"], "bodies": ["upr", "Upr"]}, {"1.1", "9.10"}),
        ({"issues": ["justice"], "bodies": ["UPR"]}, {"1.1", "9.10"}),
    ],
)
def test_filters(gql, corpus, filter_, expected):
    result = run(gql, filter=filter_, limit=100)
    assert set(references(result)) == expected
    assert result["totalCount"] == len(expected)


def test_an_unknown_code_is_an_error_naming_it(gql, corpus):
    response = gql.post(QUERY, {"filter": {"issues": ["justice", "no-such-issue"]}})
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Unknown issues code: no-such-issue. "
                "Known codes: housing, justice.",
                "locations": [{"line": 4, "column": 3}],
                "path": ["recommendations"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


def orm_counts(queryset, lookup):
    counts = {}
    for _pk, code in queryset.values_list("pk", lookup).distinct():
        if code is not None:
            counts[str(code)] = counts.get(str(code), 0) + 1
    return counts


@pytest.mark.parametrize(
    "filter_",
    [
        {},
        {"issues": ["justice"]},
        {"issues": ["justice"], "bodies": ["UPR"], "agencies": ["MoJ"]},
        {"recommendingStates": ["AUS", "CAN"], "cycles": ["UPR-2024"]},
        {"sdgs": [16], "affectedGroups": ["maori"], "hasActions": True},
    ],
)
def test_facets_are_disjunctive_and_match_the_orm(gql, corpus, filter_):
    """Counts of facet F are those of every filter except F's own."""
    facets = run(gql, filter=filter_)["facets"]
    orm_filters = {
        "bodies": "cycle__body__code__in",
        "cycles": "cycle__code__in",
        "recommendingStates": "recommending_states__code__in",
        "issues": "issues__slug__in",
        "affectedGroups": "affected_groups__slug__in",
        "agencies": "responsible_agencies__code__in",
        "sdgs": "sdgs__number__in",
    }
    for facet, lookup in {**FACETS, "sdgs": "sdgs__number"}.items():
        queryset = Recommendation.objects.filter(live=True)
        for name, values in filter_.items():
            if name == facet:
                continue
            if name == "hasActions":
                queryset = queryset.filter(actions__live=True).distinct()
                continue
            queryset = queryset.filter(
                pk__in=Recommendation.objects.filter(**{orm_filters[name]: values})
            )
        expected = orm_counts(queryset, lookup)
        got = {value["code"]: value["count"] for value in facets[facet]}
        assert got == expected, facet


def test_enum_facets(gql, corpus):
    facets = run(gql, filter={"uprResponses": ["NOTED"]})["facets"]
    assert facets["uprResponses"] == [
        {"code": "SUPPORTED", "count": 1},
        {"code": "SUPPORTED_IN_PART", "count": 1},
        {"code": "NOTED", "count": 1},
    ]
    # The draft action A-3 (completed) does not count for 1.2.
    assert facets["actionStatuses"] == []
    facets = run(gql)["facets"]
    assert facets["actionStatuses"] == [
        {"code": "IN_PROGRESS", "count": 2},
        {"code": "COMPLETED", "count": 1},
    ]


def test_include_empty_and_selected_values(gql, corpus):
    data = gql(
        """{ recommendations(filter: {issues: ["justice"], bodies: ["CAT"]}) {
            facets { all: issues(includeEmpty: true) { code count }
                     some: recommendingStates { code count }
                     bodies { code count } } } }"""
    )
    facets = data["recommendations"]["facets"]
    assert facets["all"] == [
        {"code": "housing", "count": 0},
        {"code": "justice", "count": 1},
    ]
    assert facets["some"] == []
    assert facets["bodies"] == [
        {"code": "CAT", "count": 1},
        {"code": "UPR", "count": 2},
    ]


@pytest.mark.parametrize(
    "offset, limit, expected",
    [
        (0, 0, []),
        (0, 2, ["para 2", "para 12(a)"]),
        (3, 100, ["1.1", "1.2"]),
        (5, 10, []),
        (500, 10, []),
    ],
)
def test_paging(gql, corpus, offset, limit, expected):
    result = run(gql, offset=offset, limit=limit)
    assert references(result) == expected
    assert result["totalCount"] == 5


@pytest.mark.parametrize(
    "offset, limit, message",
    [
        (0, 101, "limit must be between 0 and 100."),
        (0, -1, "limit must be between 0 and 100."),
        (-1, 10, "offset must be 0 or more."),
    ],
)
def test_paging_refusals(gql, corpus, offset, limit, message):
    response = gql.post(QUERY, {"offset": offset, "limit": limit})
    payload = response.json()
    assert payload["data"] is None
    assert [error["message"] for error in payload["errors"]] == [message]
    assert payload["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_single_lookups(gql, corpus):
    query = """query($id: ID, $cycle: String, $reference: String) {
        recommendation(id: $id, cycle: $cycle, reference: $reference) { reference } }"""
    by_id = gql(query, {"id": str(corpus["u1"].pk)})
    assert by_id["recommendation"] == {"reference": "1.1"}
    by_key = gql(query, {"cycle": "CAT-2023", "reference": "para 2"})
    assert by_key["recommendation"] == {"reference": "para 2"}
    assert gql(query, {"id": str(corpus["draft"].pk)})["recommendation"] is None
    assert gql(query, {"id": "nope"})["recommendation"] is None
    assert gql.errors(query, {"cycle": "CAT-2023"}) == [
        "Give an id, or a cycle and a reference."
    ]
