"""The optimizer's plan of a page, worked out once per query.

Before a list's page is read, strawberry-django's optimizer walks the
selection of its ``items`` (every field, its hints, the nested lists and
their own selections) to decide what to join and prefetch; for a page of 20
recommendations with three nested lists that walk cost more than the page's
own query. Its answer depends only on

- the selection: the query document's field nodes of ``items`` (the same
  nodes, the same text of the document, the same fragments);
- the values of the variables used in that selection (nested lists'
  ``offset``/``limit``, ``@include``/``@skip``);
- what the types make of them: each item type's visibility
  (``get_queryset``: published rows), the same for every request and every
  publication (the plan is a query; the rows are read when it runs), and
  hints that may read the day (overdue), so the day is part of the key.

So the planned queryset is kept per key (:data:`PLANS_KEPT` of them, the
least recently used dropped), and each request filters a copy of it to its
page. Every request gets its own copy of each prefetch and its queryset
(Django's prefetch marks the queryset it is given), never the kept one. A
plan with annotations (a subquery, e.g. an action's ``overdue``) is not kept:
its expressions would be shared between requests. Nothing is kept while the
optimizer is off (``DjangoOptimizerExtension.disabled()``), nor for field
nodes without a location in their document (never from the view).
``tests/schema/test_plans.py`` checks that a kept plan answers as a new one
would, request after request, across variables, fragments and publications.
"""

import copy
import threading
from collections import OrderedDict
from enum import Enum

from django.db.models import Prefetch
from graphql import FragmentSpreadNode, VariableNode, Visitor, visit
from strawberry_django.optimizer import optimizer

from . import taxonomy_lists, versioning

PLANS_KEPT = 256

_plans: OrderedDict = OrderedDict()
_variables: dict = {}
_lock = threading.Lock()
_UNKEPT = object()
_SIMPLE = (str, int, float, bool, type(None), Enum)


def page_queryset(model, item: type, info) -> tuple:
    """``(queryset, taxonomy fields)`` of a page of ``model``'s ``item`` type:
    the visible rows, optimised for ``info``'s selection, before the page's
    ids are given; the taxonomy lists :mod:`.taxonomy_lists` reads itself are
    taken out of the prefetches."""
    extension = optimizer.get()
    key = None
    if extension is not None and extension.enabled.get():
        key = _key(model, info)
    if key is not None:
        with _lock:
            plan = _plans.get(key)
            if plan is not None:
                _plans.move_to_end(key)
        if plan is not None:
            return _own(plan[0]), plan[1]
    queryset = model._default_manager.all()
    visible = getattr(item, "get_queryset", None)
    if visible is not None:
        queryset = visible(queryset, info)
    if extension is None:
        return queryset, []
    queryset, taken = taxonomy_lists.take_over(extension.optimize(queryset, info))
    if key is not None and _shareable(queryset):
        with _lock:
            _plans[key] = (queryset, taken)
            while len(_plans) > PLANS_KEPT:
                _plans.popitem(last=False)
        return _own(queryset), taken
    return queryset, taken


def forget() -> None:
    """Drop every kept plan (tests)."""
    with _lock:
        _plans.clear()
        _variables.clear()


def _key(model, info) -> tuple | None:
    raw = info._raw_info
    nodes = raw.field_nodes
    locations = [node.loc for node in nodes]
    if any(location is None for location in locations):
        return None
    body = locations[0].source.body
    starts = tuple(location.start for location in locations)
    shape = (body, starts)
    names = _variables.get(shape)
    if names is None:
        names = _variable_names(nodes, raw.fragments)
        with _lock:
            _variables[shape] = names
            while len(_variables) > PLANS_KEPT:
                del _variables[next(iter(_variables))]
    values = []
    for name in names:
        value = _frozen(raw.variable_values.get(name, _UNKEPT))
        if value is _UNKEPT:
            return None
        values.append(value)
    return (model._meta.label, shape, tuple(values), versioning.today())


class _Names(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.spreads: set[str] = set()

    def enter_variable(self, node: VariableNode, *_) -> None:
        self.names.add(node.name.value)

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_) -> None:
        self.spreads.add(node.name.value)


def _variable_names(nodes, fragments) -> tuple[str, ...]:
    """The variables used anywhere under ``nodes``, through their fragments."""
    names = _Names()
    for node in nodes:
        visit(node, names)
    seen: set[str] = set()
    while names.spreads - seen:
        name = min(names.spreads - seen)
        seen.add(name)
        if name in fragments:
            visit(fragments[name], names)
    return tuple(sorted(names.names))


def _frozen(value):
    """A hashable copy of a variable's value, or :data:`_UNKEPT` for a value
    of a kind whose equality cannot be trusted (it is then never kept)."""
    if value is _UNKEPT:
        return (_UNKEPT,)  # not given: distinct from any value, null included
    if isinstance(value, _SIMPLE):
        return (type(value), value)
    if isinstance(value, list | tuple):
        items = tuple(_frozen(each) for each in value)
        return _UNKEPT if _UNKEPT in items else (list, items)
    if isinstance(value, dict):
        items = tuple((key, _frozen(each)) for key, each in sorted(value.items()))
        return _UNKEPT if any(each is _UNKEPT for _, each in items) else (dict, items)
    return _UNKEPT


def _shareable(queryset) -> bool:
    """No annotations here or in any prefetch's queryset."""
    if queryset.query.annotations:
        return False
    for lookup in queryset._prefetch_related_lookups:
        if isinstance(lookup, Prefetch) and lookup.queryset is not None:
            if not _shareable(lookup.queryset):
                return False
    return True


def _own(queryset):
    """A copy of ``queryset`` whose prefetches, and theirs, are copies too."""
    clone = queryset._chain()
    lookups = clone._prefetch_related_lookups
    if lookups:
        clone._prefetch_related_lookups = tuple(_own_lookup(each) for each in lookups)
    return clone


def _own_lookup(lookup):
    if not isinstance(lookup, Prefetch) or lookup.queryset is None:
        return lookup
    copied = copy.copy(lookup)
    copied.queryset = _own(lookup.queryset)
    return copied
