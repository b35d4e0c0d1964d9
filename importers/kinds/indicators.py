"""The indicators template (key: reference), each of one action."""

from django.utils.translation import gettext as _

from content_models.models import Action, Indicator
from content_models.models.measures import (
    DECIMAL_PLACES,
    MAX_DIGITS,
    measure_errors,
    plain_number,
)

from .. import cells, public_columns
from ..text import did_you_mean
from .actions import find_by_reference, parse_reference
from .base import Column, Context, Kind, date, related, smart, text
from .recommendations import reference_key


def action_references(context: Context) -> dict[str, tuple[int, str]]:
    """Every action: folded reference → (pk, reference)."""
    index = context.__dict__.get("_action_references")
    if index is None:
        index = {
            reference_key(reference): (pk, reference)
            for pk, reference in Action.objects.values_list("pk", "reference")
        }
        context.__dict__["_action_references"] = index
    return index


def _parse_action(cell, context):
    value = " ".join(cells.as_text(cell).split())
    if not value:
        raise cells.CellError(_("required; every indicator belongs to an action."))
    index = action_references(context)
    found = index.get(reference_key(value))
    if found is None:
        message = _("there is no action %(value)s") % {"value": cells.quote(value)}
        suggestion = did_you_mean(
            value, {key: label for key, (_pk, label) in index.items()}
        )
        if suggestion:
            message += _(" (did you mean %(option)s?)") % {"option": suggestion}
        raise cells.CellError(message + ".")
    return found[0]


def _parse_value(cell, context):
    return cells.parse_decimal(
        cell, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )


def _value(name: str, **options) -> Column:
    return Column(
        name, name, _parse_value, lambda value, context: plain_number(value), **options
    )


def _export_action(value, context):
    labels = context.__dict__.get("_action_labels")
    if labels is None:
        labels = dict(Action.objects.values_list("pk", "reference"))
        context.__dict__["_action_labels"] = labels
    return labels.get(value, "")


class IndicatorsKind(Kind):
    name = "indicators"
    # The public export's added columns: a public export imports again.
    ignored_headers = public_columns.header_names("indicators")
    model = Indicator
    columns = [
        Column(
            "reference",
            "reference",
            parse_reference(),
            lambda value, context: value,
            required=True,
            key=True,
            example="EXAMPLE",
            help="Unique indicator reference, e.g. IND-0001.",
        ),
        Column(
            "action",
            "action",
            _parse_action,
            _export_action,
            example="ACT-0001",
            help="Reference of the action this indicator belongs to.",
        ),
        text(
            "title", required_value=True, required=True, example="Action plan published"
        ),
        text("description"),
        Column(
            "kind",
            "kind",
            lambda cell, context: (
                cells.parse_choice(cell, Indicator.Kind) or Indicator.Kind.PROCESS_STEP
            ),
            lambda value, context: value or "",
            example="key_deliverable",
        ),
        related("responsible_agency", "agencies", example="TPA"),
        date("start_date", example="2026-01-01"),
        date("end_date", example="2027-06-30"),
        Column(
            "report_every_months",
            "report_every_months",
            lambda cell, context: cells.parse_int_choice(cell, Indicator.ReportEvery),
            lambda value, context: "" if value is None else str(value),
            example="6",
            help="1, 3, 6 or 12; empty for a one-off indicator.",
        ),
        smart(example="SMART"),
        # Measured indicators (after the original columns: a file without
        # them keeps each indicator's measure as it is).
        text(
            "unit",
            example="places",
            help="What a measured indicator counts (e.g. places, %); empty for "
            "a process step.",
        ),
        _value("baseline_value", example="120", help="The baseline, a number."),
        date("baseline_date", example="2025-07-01", help="When it was measured."),
        _value("target_value", example="300", help="The target, a number."),
        date("target_date", example="2027-06-30", help="When it should be reached."),
    ]

    def key_of(self, row, context):
        reference = row.values.get("reference")
        return (reference_key(reference),) if reference else None

    def label_of(self, row):
        return row.values["reference"]

    def find_existing(self, rows, context):
        return find_by_reference(Indicator, rows)

    def check(self, row, merged, existing, context, report):
        if merged["action"] is None and "action" not in row.failed:
            report.add(
                row,
                "action",
                _("a new indicator needs its action; add the action column."),
            )
        start, end = merged["start_date"], merged["end_date"]
        if (
            start
            and end
            and end < start
            and not row.failed & {"start_date", "end_date"}
        ):
            report.add(
                row,
                "end_date",
                _("%(end)s is before the start date %(start)s.")
                % {"end": end.isoformat(), "start": start.isoformat()},
            )
        for field, message in measure_errors(merged).items():
            pair = field.rsplit("_", 1)[0]  # baseline, target or unit
            if not row.failed & {field, f"{pair}_value", f"{pair}_date"}:
                report.add(row, field, str(message))
        if merged["report_every_months"] and not start:
            report.add(
                row,
                "start_date",
                _("a repeating schedule (every %(months)s months) needs a start date.")
                % {"months": merged["report_every_months"]},
            )
