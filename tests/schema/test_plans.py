"""A page's optimizer plan is kept per query (schema/plans.py): a kept plan
answers exactly as planning anew does, for every list and nested field,
whatever the variables, and a draft never shows through it."""

import json

import pytest
from strawberry_django.optimizer import DjangoOptimizerExtension

from content_models.models import Action, Recommendation
from schema import plans

from .conftest import make_action
from .test_execution import every_field_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_kept_plans():
    plans.forget()
    yield
    plans.forget()


@pytest.fixture
def planned(monkeypatch):
    """The pages whose items the optimizer planned (not the nested lists it
    plans on the way)."""
    walks = []
    walk = DjangoOptimizerExtension.optimize

    def optimize(self, queryset, info, *args, **kwargs):
        if info.field_name == "items":
            walks.append(info.path.prev.key)
        return walk(self, queryset, info, *args, **kwargs)

    monkeypatch.setattr(DjangoOptimizerExtension, "optimize", optimize)
    return walks


@pytest.fixture
def kept_none(monkeypatch):
    """Plan every request anew, as before plans were kept."""

    def keep_none():
        monkeypatch.setattr(plans, "PLANS_KEPT", 0)
        plans.forget()

    return keep_none


def answer(gql, query, variables=None):
    response = gql.post(query, variables)
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert "errors" not in payload, payload["errors"]
    return response.content


def test_every_field_of_every_list_answers_the_same_from_a_kept_plan(
    gql, lists_world, planned, kept_none, fresh_facet_indexes
):
    queries = list(every_field_queries())
    first = [answer(gql, query) for query in queries]
    walked = len(planned)
    assert walked > 25  # the pages with rows (an empty page plans nothing)
    kept = len(plans._plans)
    assert kept > 20
    again = [answer(gql, query) for query in queries]
    assert again == first
    # Planned again: only the pages whose plan was not kept (annotations).
    assert len(planned) - walked == walked - kept
    kept_none()
    assert [answer(gql, query) for query in queries] == first
    assert plans._plans == {}


NESTED = """
query ($n: Int!, $with: Boolean!, $filter: RecommendationFilter) {
  recommendations(limit: 5, order: REFERENCE, filter: $filter) {
    totalCount
    items {
      reference
      actions(limit: $n) { reference }
      issues @include(if: $with) { slug }
      ...states
    }
  }
}
fragment states on Recommendation { recommendingStates(limit: $n) { code } }
"""


def test_variables_of_the_selection_make_plans_of_their_own(
    gql, lists_world, kept_none, fresh_facet_indexes
):
    asked = [
        {"n": 1, "with": True},
        {"n": 0, "with": False},
        {"n": 1, "with": True},
        {"n": 2, "with": False},
        {"n": 0, "with": True},
    ]
    kept = [json.loads(answer(gql, NESTED, variables)) for variables in asked]
    assert len(plans._plans) == 4  # (1, True) twice
    items = kept[0]["data"]["recommendations"]["items"]
    assert [item["reference"] for item in items] == [
        "para 2",
        "para 12(a)",
        "9.10",
        "1.1",
        "1.2",
    ]
    assert [item["issues"] for item in items][:2] == [[], [{"slug": "justice"}]]
    assert "issues" not in kept[1]["data"]["recommendations"]["items"][0]
    assert [
        item["actions"] for item in kept[1]["data"]["recommendations"]["items"]
    ] == [[]] * 5
    kept_none()
    assert [json.loads(answer(gql, NESTED, variables)) for variables in asked] == kept
    assert plans._plans == {}


def test_variables_outside_the_selection_share_one_plan(
    gql, lists_world, planned, fresh_facet_indexes
):
    shared = {"n": 3, "with": True}
    everything = json.loads(answer(gql, NESTED, shared))
    justice = json.loads(
        answer(gql, NESTED, {**shared, "filter": {"issues": ["justice"]}})
    )
    assert len(plans._plans) == 1
    assert planned == ["recommendations"]
    assert everything["data"]["recommendations"]["totalCount"] == 5
    assert justice["data"]["recommendations"] == {
        "totalCount": 3,
        "items": [
            {
                "reference": "para 12(a)",
                "actions": [{"reference": "A-1"}],
                "issues": [{"slug": "justice"}],
                "recommendingStates": [],
            },
            {
                "reference": "9.10",
                "actions": [{"reference": "A-2"}],
                "issues": [{"slug": "housing"}, {"slug": "justice"}],
                "recommendingStates": [{"code": "AUS"}],
            },
            {
                "reference": "1.1",
                "actions": [{"reference": "A-1"}],
                "issues": [{"slug": "justice"}],
                "recommendingStates": [{"code": "AUS"}, {"code": "FJI"}],
            },
        ],
    }


PAGE = (
    "{ recommendations(limit: 5, order: REFERENCE) "
    "{ items { reference actions { reference title } } } }"
)


def actions_of(data, reference):
    items = data["recommendations"]["items"]
    return [item["actions"] for item in items if item["reference"] == reference][0]


def test_a_kept_plan_shows_what_is_published_now_and_never_a_draft(
    gql, lists_world, taxonomy, planned, fresh_facet_indexes
):
    before = gql(PAGE)
    assert actions_of(before, "1.2") == [
        {"reference": "A-10", "title": "Housing supply"}
    ]
    housing = Action.objects.get(reference="A-10")
    housing.unpublish()
    assert actions_of(gql(PAGE), "1.2") == []
    # A draft of a published action: the published title, not the draft's.
    housing.refresh_from_db()
    housing.save_revision().publish()
    housing.refresh_from_db()
    housing.title = "Housing supply, draft title"
    housing.save_revision()
    assert actions_of(gql(PAGE), "1.2") == [
        {"reference": "A-10", "title": "Housing supply"}
    ]
    make_action(taxonomy, "A-11", recommendations=[], title="Not linked")
    assert actions_of(gql(PAGE), "1.2") == [
        {"reference": "A-10", "title": "Housing supply"}
    ]
    # One plan, kept throughout: a plan is a query, the rows are read anew.
    assert planned == ["recommendations"]
    assert len(plans._plans) == 1


def test_each_request_gets_its_own_copy_of_the_plan(
    gql, lists_world, monkeypatch, fresh_facet_indexes
):
    handed = []
    own = plans._own

    def record(queryset):
        mine = own(queryset)
        if queryset.model is Recommendation:  # not a prefetch's queryset
            handed.append(mine)
        return mine

    monkeypatch.setattr(plans, "_own", record)
    first, second = gql(PAGE), gql(PAGE)
    assert first == second
    ((kept, taken),) = plans._plans.values()
    assert taken == []  # actions: not a taxonomy list
    (prefetch,) = kept._prefetch_related_lookups
    # Django's prefetch marks the queryset it is given (hints naming a row,
    # a deferred filter); the kept one was never given to it, nor run.
    assert kept._result_cache is None
    assert prefetch.queryset._result_cache is None
    assert prefetch.queryset._hints == {}
    assert prefetch.queryset._defer_next_filter is False
    assert len(handed) == 2
    for mine in handed:
        (copied,) = mine._prefetch_related_lookups
        assert mine is not kept
        assert copied is not prefetch
        assert copied.queryset is not prefetch.queryset
        assert copied.prefetch_to == prefetch.prefetch_to == "actions"
    assert (
        handed[0]._prefetch_related_lookups[0]
        is not (handed[1]._prefetch_related_lookups[0])
    )


def test_a_plan_with_annotations_is_not_kept(gql, lists_world, planned):
    query = "{ actions(limit: 5) { items { reference overdue } } }"
    for _ in range(2):
        items = gql(query)["actions"]["items"]
        assert {item["reference"]: item["overdue"] for item in items} == {
            "A-1": False,
            "A-2": False,
            "A-10": True,
        }
    assert plans._plans == {}
    assert planned == ["actions", "actions"]
    # Its positive control: without overdue, the plan is kept.
    gql("{ actions(limit: 5) { items { reference } } }")
    gql("{ actions(limit: 5) { items { reference } } }")
    assert len(plans._plans) == 1
    assert planned == ["actions"] * 3


def test_the_least_recently_used_plan_goes_first(gql, lists_world, monkeypatch):
    monkeypatch.setattr(plans, "PLANS_KEPT", 2)
    one, two, three = (
        f"{{ recommendations(limit: {n}) {{ items {{ reference }} }} }}"
        for n in (1, 2, 3)
    )
    gql(one)
    gql(two)
    gql(one)  # used again: now the most recent
    gql(three)
    kept = [shape for _, shape, _, _ in plans._plans]
    bodies = [body for body, _ in kept]
    assert bodies == [one, three]


def test_nothing_is_kept_while_the_optimizer_is_off(gql, lists_world):
    with DjangoOptimizerExtension.disabled():
        data = gql(PAGE)
    assert actions_of(data, "1.2") == [{"reference": "A-10", "title": "Housing supply"}]
    assert plans._plans == {}
    gql(PAGE)
    assert len(plans._plans) == 1
