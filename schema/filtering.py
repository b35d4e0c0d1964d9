"""Filter inputs declared once, read the same way by GraphQL and the CSV export.

Each field of a filter input says what it is: a facet dimension of the list's
index (:func:`facet`) or a yes/no flag of it (:func:`flag`). Everything else is
derived from those declarations: the selections and flags the facet engine
evaluates, the query-string form ``/export/<kind>.csv`` takes (the GraphQL
names, repeated or comma-separated) and the names an error message shows. No
second list of filter names exists anywhere.

Codes are matched the same way for both readers, against the index, when the
list runs (:mod:`.lists`): case-insensitively, an unknown one is an error.
"""

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

import strawberry
from django.utils.translation import gettext as _
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from .common import PublicError

# Where a filter field keeps its declaration (strawberry field metadata).
FILTER_KEY = "hrm_filter"
# How many known codes an error message lists.
KNOWN_SHOWN = 20

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class BadFilter(PublicError):
    """A filter, search or order the list cannot take; the message says why.

    GraphQL shows it as a ``BAD_USER_INPUT`` error, the export as a 400.
    """


@dataclass(frozen=True)
class Facet:
    """Codes of the index dimension ``dimension``: OR-ed, or AND-ed where the
    dimension requires all (SMART letters).

    ``known_only``: an unknown code is an error. References of published
    content (an action, an indicator) are not: they come and go with
    publication, and a draft's reference must look like no reference at all.
    """

    dimension: str
    known_only: bool = True


@dataclass(frozen=True)
class Flag:
    """The yes/no flag ``name`` of the index; ``only_true``: false is no filter."""

    name: str
    only_true: bool = False


def facet(dimension: str, description: str, *, known_only: bool = True) -> Any:
    """A filter field of codes (``list[str]``, ``list[int]`` or ``list[Enum]``)."""
    return strawberry.field(
        default=None,
        description=description,
        metadata={FILTER_KEY: Facet(dimension, known_only)},
    )


def flag(name: str, description: str, *, only_true: bool = False) -> Any:
    """A ``bool`` filter field."""
    return strawberry.field(
        default=None,
        description=description,
        metadata={FILTER_KEY: Flag(name, only_true)},
    )


@dataclass(frozen=True)
class Declared:
    """One filter field: its names, what it filters, the type of its values."""

    python_name: str
    name: str  # as GraphQL and the query string spell it
    rule: Facet | Flag
    values: type  # str, int or an Enum

    @property
    def is_facet(self) -> bool:
        return isinstance(self.rule, Facet)


def _value_type(strawberry_type) -> type:
    if isinstance(strawberry_type, StrawberryOptional):
        strawberry_type = strawberry_type.of_type
    if isinstance(strawberry_type, StrawberryList):
        strawberry_type = strawberry_type.of_type
    if isinstance(strawberry_type, StrawberryEnumDefinition):
        return strawberry_type.wrapped_cls
    return strawberry_type


@cache
def declared(filter_type) -> tuple[Declared, ...]:
    """The declared filter fields of ``filter_type``, in their order."""
    fields = []
    for field in filter_type.__strawberry_definition__.fields:
        rule = field.metadata.get(FILTER_KEY)
        if rule is None:
            raise TypeError(f"{filter_type.__name__}.{field.python_name} is undeclared")
        fields.append(
            Declared(
                python_name=field.python_name,
                name=field.graphql_name or to_camel_case(field.python_name),
                rule=rule,
                values=_value_type(field.type),
            )
        )
    return tuple(fields)


def codes(values) -> list[str] | None:
    """Filter values as facet codes: enum names, numbers as text."""
    if values is None:
        return None
    return [value.name if isinstance(value, Enum) else str(value) for value in values]


class FilterInput:
    """Base of the filter inputs: what the engine evaluates, from the declarations."""

    def selections(self) -> dict[str, list[str] | None]:
        """Codes per dimension (``None`` or ``[]``: no filter)."""
        return {
            item.rule.dimension: codes(getattr(self, item.python_name))
            for item in declared(type(self))
            if item.is_facet
        }

    def flags(self) -> dict[str, bool | None]:
        """Wanted value per flag (``None``: no filter)."""
        result = {}
        for item in declared(type(self)):
            if not item.is_facet:
                value = getattr(self, item.python_name)
                if item.rule.only_true and not value:
                    # currentCycleOnly: false means every cycle, not past ones.
                    value = None
                result[item.rule.name] = value
        return result

    @classmethod
    def from_query(cls, params, *, list_name: str, also=()):
        """The filter a query string asks for: the GraphQL names, each value
        repeated or comma-separated (``bodies=UPR&bodies=CAT``, ``bodies=UPR,CAT``).

        ``params`` is a ``QueryDict`` (or any mapping with ``getlist``); the
        names in ``also`` are the list's other parameters (``search``, ``order``).
        Raises :class:`BadFilter` for an unknown name or a value of the wrong kind.
        """
        by_name = {item.name: item for item in declared(cls)}
        values = {}
        for name in params:
            if name in also:
                continue
            item = by_name.get(name)
            if item is None:
                raise BadFilter(
                    _(
                        "Unknown filter %(name)s; the filters of %(list)s are: "
                        "%(names)s (and %(also)s)."
                    )
                    % {
                        "name": name,
                        "list": list_name,
                        "names": ", ".join(by_name),
                        "also": ", ".join(also),
                    }
                )
            given = split_values(params.getlist(name))
            if item.is_facet:
                values[item.python_name] = [_facet_value(item, text) for text in given]
            elif given:
                values[item.python_name] = _boolean(item, given[-1])
        return cls(**values)


def split_values(raw_values) -> list[str]:
    """Repeated and comma-separated values, stripped, without empty ones."""
    return [
        value.strip() for raw in raw_values for value in raw.split(",") if value.strip()
    ]


def _facet_value(item: Declared, text: str):
    if issubclass(item.values, Enum):
        return member_named(item.values, text, item.name)
    if item.values is int:
        try:
            return int(text)
        except ValueError:
            raise BadFilter(
                _("%(name)s takes numbers, not %(value)s.")
                % {"name": item.name, "value": text}
            ) from None
    return text


def member_named(enum: type[Enum], text: str, name: str):
    """The member of ``enum`` named ``text``, whatever its case."""
    for member in enum:
        if member.name.casefold() == text.casefold():
            return member
    raise unknown_codes(name, [text], [member.name for member in enum])


def _boolean(item: Declared, text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise BadFilter(
        _("%(name)s takes true or false, not %(value)s.")
        % {"name": item.name, "value": text}
    )


def unknown_codes(name: str, unknown: list[str], known: list[str]) -> BadFilter:
    """The error for codes no value of filter ``name`` has."""
    shown = ", ".join(known[:KNOWN_SHOWN])
    if len(known) > KNOWN_SHOWN:
        shown += _(", … (%(count)d in all)") % {"count": len(known)}
    if len(unknown) == 1:
        message = _("Unknown %(name)s code: %(codes)s. Known codes: %(known)s.")
    else:
        message = _("Unknown %(name)s codes: %(codes)s. Known codes: %(known)s.")
    return BadFilter(
        message
        % {"name": name, "codes": ", ".join(unknown), "known": shown or _("none")}
    )
