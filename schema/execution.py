"""A quicker way through what a response already holds.

graphql-core executes every field the same way: a path, a resolve-info
object, strawberry's wrappers (its ``Info``, the arguments converted to
Python), the resolver wrapped in the schema's middleware (the optimizer),
then the value completed through the type's wrappers. A page of 20
recommendations with its nine facets has some 800 fields, and most of them
are a column or an attribute of an object already in hand (a title, a code,
a count), or a relation the optimizer has already fetched: for those, the
general path is most of the response's time.

:class:`Executor` takes a shorter path for exactly those fields:

- **a plain value**: a *basic* field of strawberry (no resolver, no
  arguments, no field extension: strawberry reads the attribute and nothing
  else) of a scalar or enum type. Its value is read and serialised; that is
  all the general path does with it;
- **a relation already fetched**: a nested list (:class:`.fields.CappedListField`)
  whose rows the optimizer prefetched, cut to its page as its own resolver
  does, or a foreign key whose row is cached on the item (as strawberry-django
  reads it). The value is then completed by graphql-core as usual.

Either only where no directive is written on the field in the query and the
schema's only middleware is the optimizer, which changes only querysets and
managers (a plain value, a list or a row passes through it untouched), so
skipping it changes nothing. A value that is not what the short path expects
— an exception, ``null`` on a non-null field, a value of another kind, a
relation not prefetched — goes through the general path, which reads it again
and reports any error with its path as before. The answers are the same, byte
for byte (``tests/schema/test_execution.py``).
"""

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.execution.executor import Undefined, to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry_django.fields.field import StrawberryDjangoField

from .fields import CappedListField

_PLAIN = frozenset({str, int, float, bool, Decimal, date, datetime, time})
_BASIC_RESOLVER = "from_resolver.<locals>._get_basic_result"
_DEFINITION = "strawberry-definition"
_MISSING = object()


def _leaf(field_def, strawberry_field) -> tuple | None:
    """(resolve, serialize, non-null) of a plain value, or ``None``."""
    resolve = field_def.resolve
    if field_def.args or not getattr(resolve, "__qualname__", "").endswith(
        _BASIC_RESOLVER
    ):
        return None
    if not strawberry_field.is_basic_field:
        return None
    type_ = field_def.type
    non_null = isinstance(type_, GraphQLNonNull)
    if non_null:
        type_ = type_.of_type
    if not isinstance(type_, GraphQLScalarType | GraphQLEnumType):
        return None
    return resolve, type_.serialize, non_null


def _relation(strawberry_field):
    """How to read a relation already fetched — ``read(source, args)``,
    :data:`_MISSING` when it was not — or ``None``."""
    if not isinstance(strawberry_field, StrawberryDjangoField):
        return None
    if strawberry_field.base_resolver is not None or strawberry_field.extensions:
        return None
    if isinstance(strawberry_field, CappedListField):
        page = strawberry_field.prefetched_page

        def read_page(source, args):
            rows = page(source, args.get("offset", 0), args.get("limit"))
            return _MISSING if rows is None else rows

        return read_page
    origin = strawberry_field.origin_django_type
    if origin is None or strawberry_field.arguments:
        return None
    name = strawberry_field.django_name or strawberry_field.python_name
    descriptor = getattr(origin.model, name, None)
    if type(descriptor) is not ForwardManyToOneDescriptor:
        return None
    cached = descriptor.field.get_cached_value

    def read_row(source, args):
        # strawberry-django's own first step (get_cached_result); a row not
        # cached takes the general path, which fetches it.
        try:
            return cached(source)
        except KeyError:
            return _MISSING

    return read_row


def _shortcut(field_def, details) -> tuple | None:
    if len(details) != 1 or field_def is None:
        return None
    node = details[0].node
    if node.directives:
        return None
    strawberry_field = (field_def.extensions or {}).get(_DEFINITION)
    if strawberry_field is None:
        return None
    if not node.arguments:
        leaf = _leaf(field_def, strawberry_field)
        if leaf is not None:
            return ("leaf", *leaf)
    read = _relation(strawberry_field)
    if read is not None:
        return ("relation", read, field_def)
    return None


class Executor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor with the shorter paths."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict = {}
        middlewares = (
            self.middleware_manager.middlewares if self.middleware_manager else ()
        )
        from .schema import Optimizer

        self._shortcuts = all(isinstance(m, Optimizer) for m in middlewares)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set) -> list:
        # grouped_field_set is memoised per executor (collect_subfields), so
        # every item of a list shares one plan.
        key = (parent_type, id(grouped_field_set))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        plan = []
        get_field = self.schema.get_field
        for response_name, details in grouped_field_set.items():
            shortcut = (
                _shortcut(get_field(parent_type, details[0].node.name.value), details)
                if self._shortcuts
                else None
            )
            plan.append((response_name, details, shortcut))
        self._plans[key] = (grouped_field_set, plan)
        return plan

    def execute_fields(
        self, parent_type, source_value, path, grouped_field_set, position_context
    ):
        if position_context is not None:  # @defer / @stream: not in this API
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable = []
        for response_name, details, shortcut in self._plan(
            parent_type, grouped_field_set
        ):
            if shortcut is not None:
                if shortcut[0] == "leaf":
                    _, resolve, serialize, non_null = shortcut
                    try:
                        value = resolve(source_value)
                        if value is None:
                            if not non_null:
                                results[response_name] = None
                                continue
                        elif value.__class__ in _PLAIN or isinstance(value, Enum):
                            serialized = serialize(value)
                            if serialized is not None:
                                results[response_name] = serialized
                                continue
                    except Exception:  # noqa: BLE001, S110 - the general path reports it
                        pass
                else:
                    result = self._fetched_relation(
                        parent_type,
                        source_value,
                        path,
                        response_name,
                        details,
                        shortcut,
                    )
                    if result is not _MISSING:
                        results[response_name] = result
                        if self.is_awaitable(result):
                            awaitable.append(response_name)
                        continue
            result = self.execute_field(
                parent_type,
                source_value,
                details,
                Path(path, response_name, parent_type.name),
                position_context,
            )
            if result is Undefined:
                continue
            results[response_name] = result
            if self.is_awaitable(result):
                awaitable.append(response_name)
        if not awaitable:
            return results

        # Only under asynchronous execution (the API's view is synchronous).
        async def get_results() -> dict[str, Any]:
            for response_name in awaitable:
                results[response_name] = await results[response_name]
            return results

        return get_results()

    def complete_iterable_value(
        self, item_type, field_details_list, info, path, items, position_context
    ):
        """A list of objects: each item's fields executed at once, as
        ``complete_list_item_value`` → ``complete_value`` →
        ``complete_object_value`` → ``collect_and_execute_subfields`` end up
        doing for an object type (its ``is_type_of`` answering yes), with no
        ``@defer`` or ``@stream``. Anything else the general way: another
        list, an item that is null, an error or not of the type."""
        object_type = (
            item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        )
        if (
            position_context is not None
            or type(items) is not list
            or not isinstance(object_type, GraphQLObjectType)
            or self.get_stream_usage(field_details_list, path) is not None
        ):
            return super().complete_iterable_value(
                item_type, field_details_list, info, path, items, position_context
            )
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(
            object_type, field_details_list
        )
        if new_defer_usages:
            return super().complete_iterable_value(
                item_type, field_details_list, info, path, items, position_context
            )
        is_type_of = object_type.is_type_of
        is_awaitable = self.is_awaitable
        execute_fields = self.execute_fields
        completed: list[Any] = []
        awaitable: list[int] = []
        for index, item in enumerate(items):
            item_path = path.add_key(index, None)
            if (
                item is None
                or (is_type_of is not None and is_type_of(item, info) is not True)
                or isinstance(item, Exception)
                or is_awaitable(item)
            ):
                if is_awaitable(item):
                    completed.append(
                        self.complete_awaitable_list_item_value(
                            item, item_type, field_details_list, info, item_path, None
                        )
                    )
                    awaitable.append(index)
                elif self.complete_list_item_value(
                    item,
                    completed,
                    item_type,
                    field_details_list,
                    info,
                    item_path,
                    None,
                ):
                    awaitable.append(index)
                continue
            try:
                data = execute_fields(
                    object_type, item, item_path, grouped_field_set, None
                )
            except Exception as raw_error:  # as complete_list_item_value
                self.handle_field_error(
                    raw_error, item_type, field_details_list, item_path
                )
                data = None
            if is_awaitable(data):
                data = self._settled(data, item_type, field_details_list, item_path)
                awaitable.append(index)
            completed.append(data)
        if not awaitable:
            return completed

        # Only under asynchronous execution (the API's view is synchronous).
        async def get_completed() -> list[Any]:
            for index in awaitable:
                completed[index] = await completed[index]
            return completed

        return get_completed()

    async def _settled(self, data, item_type, field_details_list, item_path):
        try:
            return await data
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, field_details_list, item_path)
            return None

    def _fetched_relation(
        self, parent_type, source, path, response_name, details, shortcut
    ):
        """The field completed from the relation already fetched, as
        ``execute_field`` completes what its resolver returns; or
        :data:`_MISSING` for the general path."""
        _, read, field_def = shortcut
        first = details[0]
        try:
            args = (
                get_argument_values(
                    field_def,
                    first.node,
                    self.variable_values,
                    first.fragment_variable_values,
                    self.hide_suggestions,
                )
                if field_def.args
                else {}
            )
            value = read(source, args)
        except Exception:  # noqa: BLE001 - the general path reports it
            return _MISSING
        if value is _MISSING:
            return _MISSING
        field_path = Path(path, response_name, parent_type.name)
        return_type = field_def.type
        info = self.build_resolve_info(
            field_def, to_nodes(details), parent_type, field_path
        )
        try:
            completed = self.complete_value(
                return_type, details, info, field_path, value, None
            )
        except Exception as raw_error:  # as execute_field reports it
            self.handle_field_error(raw_error, return_type, details, field_path)
            return None
        if self.is_awaitable(completed):

            async def await_completed():
                try:
                    return await completed
                except Exception as raw_error:
                    self.handle_field_error(raw_error, return_type, details, field_path)
                    return None

            return await_completed()
        return completed
