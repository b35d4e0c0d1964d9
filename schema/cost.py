"""The work budget: how many objects a query can return, estimated before it runs.

Depth, alias and token limits bound the *shape* of a query, not its work: a
185-character query inside them can nest lists of 100 and return megabytes.
So before executing, every object the response could hold is counted: one for
each single object, and for a list its size multiplied by what each item
selects, through every level of nesting. A list's size is its ``limit`` (the
given value, a variable's value, or the argument's default); a page's
``items`` take the ``limit`` of the field above them; a list without ``limit``
(facets, whole taxonomies) declares a size with :func:`list_size`. Scalars
count nothing. A query whose estimate is over ``GRAPHQL_MAX_COST`` is refused
with ``extensions.code`` ``QUERY_TOO_COSTLY``.

The walk over the document is done once per query text and operation name and
kept (:class:`PlanCache`); only the sizes that come from variables are looked
up per request.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
)
from graphql.utilities import value_from_ast_untyped

from .common import MAX_LIMIT

DEFAULT_MAX_COST = 20_000
CODE = "QUERY_TOO_COSTLY"

# Field metadata: how many items a list without a ``limit`` argument holds.
SIZE_KEY = "hrm_list_size"
# The list is one page: its size is the ``limit`` of the field it is in.
PAGE = "page"


def list_size(size: int | str) -> dict:
    """Metadata for a list field without ``limit``: ``size`` items, or
    :data:`PAGE` for the ``items`` of a paged list."""
    return {SIZE_KEY: size}


def max_cost() -> int:
    return getattr(settings, "GRAPHQL_MAX_COST", DEFAULT_MAX_COST)


@dataclass(frozen=True)
class Size:
    """How many items a list holds: a literal, else a variable, else a default."""

    default: int
    literal: int | None = None
    variable: str | None = None

    def value(self, variables: dict) -> int:
        value = self.literal
        if value is None and self.variable is not None:
            value = variables.get(self.variable)
        if not isinstance(value, int) or isinstance(value, bool):
            # Absent, or of the wrong type (execution refuses that later).
            value = self.default
        # A limit out of range is refused by the field itself, with a better
        # message than an estimate could give.
        return max(0, min(value, MAX_LIMIT))


@dataclass(frozen=True)
class Node:
    """A field returning objects: one (``size`` None) or a list."""

    key: str
    size: Size | None
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Plan:
    """What a query's estimate needs: its object fields and variable defaults."""

    nodes: tuple[Node, ...]
    variable_defaults: dict

    def estimate(self, variables: dict | None) -> "Estimate":
        values = {**self.variable_defaults, **(variables or {})}
        estimate = Estimate()
        estimate.total = _walk(self.nodes, 1, (), values, estimate)
        return estimate


class Estimate:
    """The estimated number of objects and the field that contributes most."""

    def __init__(self):
        self.total = 0
        self.largest = 0
        self.largest_path: tuple[str, ...] = ()


def _walk(nodes, multiplier, path, variables, estimate) -> int:
    total = 0
    for node in nodes:
        count = multiplier * (1 if node.size is None else node.size.value(variables))
        node_path = (*path, node.key)
        if count >= estimate.largest:
            estimate.largest, estimate.largest_path = count, node_path
        total += count
        if count:
            total += _walk(node.children, count, node_path, variables, estimate)
    return total


def build_plan(schema, document, operation_name: str | None) -> Plan | None:
    """The plan of the operation to run, or None when there is no single one
    (execution reports that)."""
    operations = [
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    if operation_name is not None:
        operations = [
            operation
            for operation in operations
            if operation.name and operation.name.value == operation_name
        ]
    if len(operations) != 1:
        return None
    operation = operations[0]
    root_type = schema.get_root_type(operation.operation)
    if root_type is None:
        return None
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    defaults = {}
    for definition in operation.variable_definitions or ():
        if definition.default_value is not None:
            defaults[definition.variable.name.value] = value_from_ast_untyped(
                definition.default_value
            )
    builder = _PlanBuilder(fragments)
    nodes = builder.nodes([operation.selection_set], root_type, None)
    return Plan(nodes=nodes, variable_defaults=defaults)


class _PlanBuilder:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]):
        self.fragments = fragments

    def nodes(self, selection_sets, parent_type, page: Size | None) -> tuple:
        """The object fields of ``selection_sets`` (merged as execution merges
        them: by response key, through named and inline fragments)."""
        groups: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            self._collect(selection_set, groups, set())
        nodes = []
        for key, field_nodes in groups.items():
            node = self._node(key, field_nodes, parent_type, page)
            if node is not None:
                nodes.append(node)
        return tuple(nodes)

    def _collect(self, selection_set, groups, visited: set) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                groups.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                self._collect(selection.selection_set, groups, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in visited:
                    visited.add(name)
                    self._collect(fragment.selection_set, groups, visited)

    def _node(self, key, field_nodes, parent_type, page) -> Node | None:
        name = field_nodes[0].name.value
        fields = getattr(parent_type, "fields", None)
        if name.startswith("__") or not fields or name not in fields:
            # Introspection is bounded by the schema; __typename is a scalar.
            return None
        definition = fields[name]
        named_type = get_named_type(definition.type)
        if not is_composite_type(named_type):
            return None
        arguments = {
            argument.name.value: argument.value
            for argument in field_nodes[0].arguments or ()
        }
        limit = None
        if "limit" in definition.args:
            limit = _size_of(arguments.get("limit"), definition.args["limit"])
        nullable = get_nullable_type(definition.type)
        if is_list_type(nullable):
            size = limit or _declared_size(definition, page)
            child_page = None
        else:
            size = None
            # A paged list (recommendations(limit: …) { items }): the limit is
            # the size of the items below.
            child_page = limit
        children = self.nodes(
            [node.selection_set for node in field_nodes if node.selection_set],
            named_type,
            child_page,
        )
        return Node(key=key, size=size, children=children)


def _size_of(value_node, argument) -> Size:
    default = argument.default_value
    default = default if isinstance(default, int) else MAX_LIMIT
    if isinstance(value_node, IntValueNode):
        return Size(default=default, literal=int(value_node.value))
    if isinstance(value_node, VariableNode):
        return Size(default=default, variable=value_node.name.value)
    return Size(default=default)


def _declared_size(definition, page: Size | None) -> Size:
    strawberry_field = definition.extensions.get("strawberry-definition")
    metadata = getattr(strawberry_field, "metadata", None) or {}
    declared = metadata.get(SIZE_KEY)
    if declared == PAGE and page is not None:
        return page
    if isinstance(declared, int):
        return Size(default=declared)
    # A list nobody sized (a test makes sure there is none): assume a full page.
    return Size(default=MAX_LIMIT)


class PlanCache:
    """Plans by query text and operation name, least recently used out first."""

    def __init__(self, maxsize: int = 256):
        self.maxsize = maxsize
        self._plans: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, schema, query: str | None, document, operation_name) -> Plan | None:
        if query is None:
            return build_plan(schema, document, operation_name)
        key = (id(schema), query, operation_name)
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                return self._plans[key]
        plan = build_plan(schema, document, operation_name)
        with self._lock:
            self._plans[key] = plan
            if len(self._plans) > self.maxsize:
                self._plans.popitem(last=False)
        return plan


plans = PlanCache()


def budget_errors(execution_context) -> list[GraphQLError]:
    """``[error]`` when the operation's estimate is over the budget, else ``[]``."""
    plan = plans.get(
        execution_context.schema._schema,
        execution_context.query,
        execution_context.graphql_document,
        execution_context.operation_name,
    )
    if plan is None:
        return []
    estimate = plan.estimate(execution_context.variables)
    budget = max_cost()
    if estimate.total <= budget:
        return []
    path = ".".join(estimate.largest_path)
    return [
        GraphQLError(
            f"Query too costly: it could return up to {estimate.total:,} objects "
            f"and the budget is {budget:,}. The most expensive part is {path} "
            f"(up to {estimate.largest:,}). Ask for fewer items with `limit`, or "
            "fewer nested lists.",
            extensions={
                "code": CODE,
                "cost": estimate.total,
                "maxCost": budget,
                "path": path,
            },
        )
    ]
