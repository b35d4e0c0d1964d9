"""The quicker path for plain values (schema/execution.py) answers exactly
what graphql-core's general path answers: data, errors and their paths."""

import json
from dataclasses import dataclass

import pytest
import strawberry
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry_django.optimizer import DjangoOptimizerExtension

from schema import execution
from schema.schema import schema

ROOT_LISTS = ("recommendations", "actions", "indicators", "progressReports")


def _named(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def selection(type_, depth, skip=()):
    """Every field of the type that needs no argument, nested ``depth``
    levels deep (a nested list with its default page)."""
    parts = []
    for name, field in type_.fields.items():
        if name in skip:
            continue
        if any(
            isinstance(arg.type, GraphQLNonNull) and arg.default_value is None
            for arg in field.args.values()
        ):
            continue
        inner = _named(field.type)
        if isinstance(inner, GraphQLObjectType):
            if depth == 0:
                continue
            nested = selection(inner, depth - 1)
            if nested:
                parts.append(f"{name} {{ {nested} }}")
        elif not hasattr(inner, "types"):  # not a union or an interface
            parts.append(name)
    return " ".join(parts)


def every_field_queries():
    """For each list: its totals and facets with the items' own values, then
    each nested object or list of its items on its own (within the work
    budget and the token limit)."""
    query_type = schema._schema.query_type
    for name in ROOT_LISTS:
        list_type = _named(query_type.fields[name].type)
        item_type = _named(list_type.fields["items"].type)
        around = selection(list_type, 1, skip={"items"})
        leaves = selection(item_type, 0)
        yield f"{{ {name}(limit: 20) {{ {around} items {{ {leaves} }} }} }}"
        for field_name, field in item_type.fields.items():
            inner = _named(field.type)
            if isinstance(inner, GraphQLObjectType):
                nested = selection(inner, 1)
                item = f"id {field_name} {{ {nested} }}"
                yield f"{{ {name}(limit: 5) {{ items {{ {item} }} }} }}"


def answer(gql, query, variables=None):
    response = gql.post(query, variables)
    assert response.status_code == 200
    return response.content


@pytest.fixture
def stock_executor(monkeypatch):
    def use_stock():
        monkeypatch.setattr(
            schema, "execution_context_class", StrawberryGraphQLCoreExecutionContext
        )

    return use_stock


@pytest.fixture
def general_fields(monkeypatch):
    """(type, field) of every field that took the general path."""
    seen = []
    general = execution.Executor.execute_field

    def execute_field(self, parent_type, source, details, path, context):
        seen.append((parent_type.name, details[0].node.name.value))
        return general(self, parent_type, source, details, path, context)

    monkeypatch.setattr(execution.Executor, "execute_field", execute_field)
    return seen


def test_every_field_of_every_list_answers_byte_for_byte_as_before(
    gql, lists_world, stock_executor, fresh_facet_indexes
):
    queries = list(every_field_queries())
    assert len(queries) > 30  # the lists and the nested types of their items
    quick = [answer(gql, query) for query in queries]
    for payload in map(json.loads, quick):
        assert "errors" not in payload, payload["errors"]
    actions = json.loads(quick[[q.split("(")[0] for q in queries].index("{ actions")])
    assert [item["reference"] for item in actions["data"]["actions"]["items"]] == [
        "A-1",
        "A-2",
        "A-10",
    ]
    stock_executor()
    assert [answer(gql, query) for query in queries] == quick


def test_aliases_fragments_directives_and_variables_answer_as_before(
    gql, lists_world, stock_executor, fresh_facet_indexes
):
    query = """
    query ($with: Boolean!) {
      recommendations(limit: 3, order: REFERENCE) {
        total: totalCount
        items {
          ...item
          again: reference
          reference
          text @include(if: $with)
          title @skip(if: $with)
          cycle { code __typename }
        }
        facets { bodies { code name n: count } }
      }
    }
    fragment item on Recommendation { id reference uprResponse }
    """
    answers = [answer(gql, query, {"with": value}) for value in (True, False)]
    assert json.loads(answers[0])["data"]["recommendations"]["total"] == 5
    stock_executor()
    assert [answer(gql, query, {"with": value}) for value in (True, False)] == answers


def test_plain_values_and_fetched_relations_skip_the_general_path(
    gql, lists_world, general_fields
):
    data = gql(
        "{ recommendations(limit: 3, order: REFERENCE) { totalCount items { id "
        "reference title uprResponse cycle { code body { code } } "
        "issues(limit: 1) { slug } actions { reference } } "
        "facets { bodies { code name count } } } }"
    )
    items = data["recommendations"]["items"]
    assert data["recommendations"]["totalCount"] == 5
    assert [item["reference"] for item in items] == ["para 2", "para 12(a)", "9.10"]
    assert [item["uprResponse"] for item in items] == [None, None, "SUPPORTED_IN_PART"]
    assert [item["cycle"]["body"]["code"] for item in items] == ["CAT", "CAT", "UPR"]
    assert [item["issues"] for item in items] == [  # the first of each
        [],
        [{"slug": "justice"}],
        [{"slug": "housing"}],
    ]
    assert [item["actions"] for item in items] == [
        [],
        [{"reference": "A-1"}],
        [{"reference": "A-2"}],
    ]
    # Only the lists and the facets, which have resolvers of their own: not
    # one of the items' columns, cycles, bodies, issues or actions.
    assert sorted(general_fields) == [
        ("Query", "recommendations"),
        ("RecommendationFacets", "bodies"),
        ("RecommendationList", "facets"),
        ("RecommendationList", "items"),
    ]


def test_a_relation_not_prefetched_takes_the_general_path(
    gql, lists_world, general_fields
):
    query = (
        '{ recommendation(cycle: "UPR-2019", reference: "9.10") '
        "{ reference cycle { code } issues { slug } } }"
    )
    assert gql(query)["recommendation"]["issues"] == [
        {"slug": "housing"},
        {"slug": "justice"},
    ]
    assert sorted(general_fields) == [("Query", "recommendation")]
    general_fields.clear()
    with DjangoOptimizerExtension.disabled():  # nothing fetched ahead
        data = gql(query)
    assert data == {
        "recommendation": {
            "reference": "9.10",
            "cycle": {"code": "UPR-2019"},
            "issues": [{"slug": "housing"}, {"slug": "justice"}],
        }
    }
    assert sorted(general_fields) == [
        ("Query", "recommendation"),
        ("Recommendation", "cycle"),
        ("Recommendation", "issues"),
    ]


def test_a_field_with_a_directive_takes_the_general_path(
    gql, lists_world, general_fields
):
    gql("{ recommendations(limit: 2) { items { reference @include(if: true) } } }")
    assert sorted(general_fields) == [
        ("Query", "recommendations"),
        ("Recommendation", "reference"),
        ("Recommendation", "reference"),
        ("RecommendationList", "items"),
    ]


# Errors, on a schema of their own: nothing in the API's model can make a
# plain column fail, but what the general path reports must not change.


class Broken:
    def __init__(self, name, fails):
        self.name = name
        self.fails = fails

    @property
    def checked(self) -> str:
        if self.fails:
            raise ValueError(f"{self.name} cannot be read")
        return self.name


@strawberry.type
class Row:
    name: str
    nickname: str | None
    checked: str
    count: int


@dataclass
class RowData:
    name: object
    nickname: object
    count: object
    source: Broken

    @property
    def checked(self):
        return self.source.checked


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        return [
            RowData("one", None, 1, Broken("one", False)),
            RowData(None, "two", 2, Broken("two", True)),  # name may not be null
            RowData("three", 3, "x", Broken("three", False)),  # wrong kinds
            RowData("four", "4", 2**40, Broken("four", False)),  # Int too big
            RowData("five", None, 5, Broken("five", True)),  # raises
        ]


def _run(executor_class):
    test_schema = strawberry.Schema(Query, execution_context_class=executor_class)
    result = test_schema.execute_sync("{ rows { name nickname checked count } }")
    return result.data, sorted(
        (
            error.message,
            tuple(error.path),
            tuple((loc.line, loc.column) for loc in error.locations),
        )
        for error in result.errors
    )


def test_errors_and_their_paths_are_the_general_paths():
    quick = _run(execution.Executor)
    assert quick == _run(StrawberryGraphQLCoreExecutionContext)
    data, errors = quick
    assert data == {
        "rows": [
            {"name": "one", "nickname": None, "checked": "one", "count": 1},
            None,
            None,
            None,
            None,
        ]
    }
    assert errors == [
        (
            "Cannot return null for non-nullable field Row.name.",
            ("rows", 1, "name"),
            ((1, 10),),
        ),
        (
            "Int cannot represent non 32-bit signed integer value: 1099511627776",
            ("rows", 3, "count"),
            ((1, 32),),
        ),
        (
            "Int cannot represent non-integer value: 'x'",
            ("rows", 2, "count"),
            ((1, 32),),
        ),
        ("five cannot be read", ("rows", 4, "checked"), ((1, 24),)),
    ]


@strawberry.type
class Gaps:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        return [RowData("one", None, 1, Broken("one", False)), None]

    @strawberry.field
    def strict(self) -> list[Row]:
        return [RowData("one", None, 1, Broken("one", False)), None]

    @strawberry.field
    def failing(self) -> list[Row | None]:
        return [RowData("one", None, 1, Broken("one", True))]


def test_a_list_of_objects_with_a_gap_or_an_error_answers_as_before():
    def run(executor_class, field):
        test_schema = strawberry.Schema(Gaps, execution_context_class=executor_class)
        result = test_schema.execute_sync(f"{{ {field} {{ name checked }} }}")
        return result.data, [(e.message, e.path) for e in result.errors or ()]

    for field in ("rows", "strict", "failing"):
        assert run(execution.Executor, field) == run(
            StrawberryGraphQLCoreExecutionContext, field
        )
    assert run(execution.Executor, "rows") == (
        {"rows": [{"name": "one", "checked": "one"}, None]},
        [],
    )
    assert run(execution.Executor, "strict") == (
        None,
        [("Cannot return null for non-nullable field Gaps.strict.", ["strict", 1])],
    )
    assert run(execution.Executor, "failing") == (
        {"failing": [None]},
        [("one cannot be read", ["failing", 0, "checked"])],
    )


def test_the_items_of_lists_of_objects_skip_the_general_path(
    gql, lists_world, monkeypatch
):
    items = []
    general = execution.Executor.complete_list_item_value

    def complete_list_item_value(self, item, *args):
        items.append(item)
        return general(self, item, *args)

    monkeypatch.setattr(
        execution.Executor, "complete_list_item_value", complete_list_item_value
    )
    data = gql(
        "{ recommendations(limit: 3, order: REFERENCE) { items { reference "
        "issues { slug } actions { reference } } facets { bodies { code count } } } }"
    )
    assert data["recommendations"]["facets"]["bodies"] == [
        {"code": "CAT", "count": 2},
        {"code": "UPR", "count": 3},
    ]
    assert items == []
    # Its positive control: a list of plain values (an action's SMART
    # letters) is completed the general way, item by item.
    data = gql('{ action(reference: "A-2") { smart } }')
    assert data == {"action": {"smart": ["S", "M"]}}
    assert len(items) == 2
