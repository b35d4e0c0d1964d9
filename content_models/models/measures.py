"""Measured indicators: a unit, a baseline and a target, and the values that
published progress reports record.

Most indicators are process steps (done or not) and have none of this. A
measure (places in a programme, people reached, a rate) has a **unit**; it
may have a **baseline** and a **target**, each a value with its date (both
or neither). A progress report on a measured indicator may record the
**measured value** at its date: the date of the due date it answers, else
the day it was first published (in New Zealand). A value on a report whose
indicator has no unit is refused: a number without a unit says nothing, and
a process-step indicator stays as it is.

The fields are mixins of ``Indicator`` and ``ProgressReport`` so that drafts
carry them in their revisions; what the public reads is the published row.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Up to 12 digits before the point and 4 after: 1,000,000,000 people or 12.5 %.
MAX_DIGITS = 16
DECIMAL_PLACES = 4
UNIT_MAX_LENGTH = 64


def _value_field(verbose_name, help_text=""):
    return models.DecimalField(
        verbose_name,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text=help_text,
    )


def plain_number(value: Decimal | None) -> str:
    """``12.5`` for ``Decimal("12.5000")``, ``1200`` for ``1.2E+3``: the
    shortest exact spelling, never an exponent (exports, the API)."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


MEASURE_FIELDS = (
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
)


def measure_errors(values: dict) -> dict[str, str]:
    """``{field: message}`` for an indicator's measure fields in ``values``:
    a value without its date or a date without its value, and a baseline or
    target without a unit. The model's ``clean`` and the import share it."""
    errors = {}
    for name, label in (("baseline", _("baseline")), ("target", _("target"))):
        value = values.get(f"{name}_value")
        day = values.get(f"{name}_date")
        if value is not None and day is None:
            errors[f"{name}_date"] = _(
                "A %(name)s value needs its date: give both or neither."
            ) % {"name": label}
        elif day is not None and value is None:
            errors[f"{name}_value"] = _(
                "A %(name)s date needs its value: give both or neither."
            ) % {"name": label}
        if value is not None and not values.get("unit"):
            errors.setdefault(
                "unit", _("A baseline or target needs a unit: what the value counts.")
            )
    return errors


@dataclass(frozen=True)
class DatedValue:
    """A value at a date (a baseline, a target, one point of the series)."""

    date: datetime.date
    value: Decimal


def series(reports) -> list[DatedValue]:
    """The values of ``reports`` (``publishing_values()`` of one indicator),
    by date; a report not yet dated (unpublished, unscheduled) is left out."""
    points = []
    for report in reports:
        day = report.measured_on()
        if day is not None and report.measured_value is not None:
            points.append(DatedValue(day, report.measured_value))
    return sorted(points, key=lambda point: point.date)


class MeasuredIndicator(models.Model):
    """The unit, baseline and target of an indicator that is a measure."""

    unit = models.CharField(
        _("unit"),
        max_length=UNIT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "What the indicator counts, e.g. “places”, “people reached” or “%”. "
            "Leave empty for a process step (done or not)."
        ),
    )
    baseline_value = _value_field(_("baseline value"))
    baseline_date = models.DateField(
        _("baseline date"),
        null=True,
        blank=True,
        help_text=_("When the baseline value was measured."),
    )
    target_value = _value_field(_("target value"))
    target_date = models.DateField(
        _("target date"),
        null=True,
        blank=True,
        help_text=_("When the target value should be reached."),
    )

    class Meta:
        abstract = True

    @property
    def is_measured(self) -> bool:
        return bool(self.unit)

    @property
    def baseline(self) -> DatedValue | None:
        if self.baseline_value is None or self.baseline_date is None:
            return None
        return DatedValue(self.baseline_date, self.baseline_value)

    @property
    def target(self) -> DatedValue | None:
        if self.target_value is None or self.target_date is None:
            return None
        return DatedValue(self.target_date, self.target_value)

    def measure_errors(self) -> dict[str, str]:
        """Field errors of the unit, baseline and target (empty when fine)."""
        errors = measure_errors({name: getattr(self, name) for name in MEASURE_FIELDS})
        if not self.unit and self.pk and self._reports_with_values():
            errors.setdefault(
                "unit",
                _(
                    "Progress reports on this indicator record values in its "
                    "unit; keep a unit."
                ),
            )
        return errors

    def _reports_with_values(self) -> bool:
        return self.progress_reports.filter(measured_value__isnull=False).exists()


class MeasuredReport(models.Model):
    """The value a progress report records for its measured indicator."""

    measured_value = _value_field(
        _("measured value"),
        _(
            "For an indicator with a unit: the value measured at the report's "
            "due date (or at publication for an unscheduled report)."
        ),
    )

    class Meta:
        abstract = True

    def measured_on(self) -> datetime.date | None:
        """The date of the value: the due date answered, else the day the
        report was first published, in New Zealand."""
        if self.due_date_id:
            return self.due_date.date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    def measure_errors(self) -> dict[str, str]:
        if self.measured_value is None:
            return {}
        if not self.indicator_id:
            return {
                "measured_value": _(
                    "A measured value belongs to an indicator; choose the "
                    "indicator it measures."
                )
            }
        if not self.indicator.unit:
            return {
                "measured_value": _(
                    "The indicator %(reference)s has no unit (it is a process "
                    "step); give it a unit before recording values."
                )
                % {"reference": self.indicator.reference}
            }
        return {}
