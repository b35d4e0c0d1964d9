"""Measured indicators in the API: ``unit``, ``baseline``, ``target`` and the
series of ``values`` recorded by published progress reports.

Everything is read from published rows: the indicator's row holds its
published unit, baseline and target, and the series comes from progress
reports that are live (a draft report, or a published report's unpublished
changes, never shows).
"""

import datetime
from decimal import Decimal
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Prefetch

from content_models.models import ProgressReport
from content_models.models.measures import DatedValue, plain_number, series

from .cost import list_size

#: A series is one value per report; the budget counts it at this size.
VALUES_SIZE = 60
_VALUES_ATTRIBUTE = "public_measured_reports"


@strawberry.type(
    name="DatedValue",
    description="A value of a measured indicator at a date.",
)
class DatedValueType:
    date: datetime.date = strawberry.field(description="The date of the value.")
    value: Decimal = strawberry.field(
        description="The value, in the indicator's unit (a decimal as a string)."
    )


def _plain(value: Decimal | None) -> Decimal | None:
    """``12.5`` rather than the column's ``12.5000`` (and never ``1.2E+3``)."""
    return None if value is None else Decimal(plain_number(value))


def _dated(value: DatedValue | None) -> DatedValueType | None:
    if value is None:
        return None
    return DatedValueType(date=value.date, value=_plain(value.value))


def dated_value(name: str, description: str) -> Any:
    """``baseline`` or ``target``: null unless both value and date are set."""

    def resolve(root) -> DatedValueType | None:
        return _dated(getattr(root, name))

    return strawberry_django.field(
        resolver=resolve,
        description=description,
        only=[f"{name}_value", f"{name}_date", "unit"],
    )


def _published_values():
    return ProgressReport.objects.publishing_values()


def values_field(description: str) -> Any:
    def resolve(root) -> list[DatedValueType]:
        reports = getattr(root, _VALUES_ATTRIBUTE, None)
        if reports is None:  # not optimised
            reports = _published_values().filter(indicator=root)
        return [_dated(point) for point in series(reports)]

    return strawberry_django.field(
        resolver=resolve,
        description=description,
        metadata=list_size(VALUES_SIZE),
        prefetch_related=[
            Prefetch(
                "progress_reports",
                queryset=_published_values(),
                to_attr=_VALUES_ATTRIBUTE,
            )
        ],
    )


def measured_value(description: str) -> Any:
    """A report's published value; null when it records none."""

    def resolve(root) -> Decimal | None:
        return _plain(root.measured_value)

    return strawberry_django.field(
        resolver=resolve, description=description, only=["measured_value"]
    )
