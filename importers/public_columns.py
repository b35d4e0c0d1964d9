"""Columns the public export adds to the template's: names beside codes, and
what a reader needs that an import does not (the status of a
recommendation's actions, whether an action is overdue).

The template's columns stay as they are, with their codes, so that scripts
and a re-import keep working; each added column follows the code column it
names (``issues``, then ``issue_names``). Imports ignore these headers (each
kind lists them in ``ignored_headers``), so a public export can be loaded
again. Names and codes of a list are in the same order, ``;``-separated.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from content_models.models import Action, DueDate, ProgressReport, ProgressStatus
from content_models.models.measures import plain_number, series

if TYPE_CHECKING:  # the kinds import this module for their ignored headers
    from .kinds.base import Context

# (action reference, progress status) per recommendation pk, published only.
ActionsOf = dict[int, list[tuple[str, str]]]


@dataclass(frozen=True)
class ReaderColumn:
    """A column of the public export only: ``value(values, context, extra)``
    gives its cell from the row's comparable values (relations as pks) and the
    chunk's ``extra`` data (see :func:`chunk_extra`)."""

    name: str
    after: str
    value: Callable[[dict, "Context", dict], str]


def _names(lookup: str, field: str, attribute: str = "name"):
    """The names of a list of ``lookup`` objects, in the code column's order."""

    def value(values, context, extra):
        pks = values.get(field) or []
        by_pk = getattr(context, lookup).by_pk
        objects = [by_pk[pk] for pk in pks if pk in by_pk]
        codes = {obj.pk: context.code_of(lookup, obj.pk) for obj in objects}
        objects.sort(key=lambda obj: _natural(codes[obj.pk]))
        return "; ".join(str(getattr(obj, attribute)) for obj in objects)

    return value


def _name(lookup: str, field: str, attribute: str = "name"):
    def value(values, context, extra):
        obj = getattr(context, lookup).by_pk.get(values.get(field))
        return str(getattr(obj, attribute)) if obj is not None else ""

    return value


def _natural(code: str):
    # The template's order of codes (``importers.kinds.base._natural``).
    return (len(code), code) if code.isdigit() else (0, code.casefold())


def _cycle_body(attribute: str):
    def value(values, context, extra):
        cycle = context.cycles.by_pk.get(values.get("cycle"))
        return str(getattr(cycle.body, attribute)) if cycle is not None else ""

    return value


def _actions(values, context, extra):
    return "; ".join(reference for reference, _status in extra["actions"][values["pk"]])


def _action_statuses(values, context, extra):
    return "; ".join(status for _reference, status in extra["actions"][values["pk"]])


def _overdue(values, context, extra):
    return "yes" if values["pk"] in extra["overdue"] else "no"


def _action_title(values, context, extra):
    return extra["action_titles"].get(values.get("action"), "")


def _measured_values(values, context, extra):
    return "; ".join(
        f"{point.date.isoformat()}={plain_number(point.value)}"
        for point in extra["measured_values"].get(values["pk"], ())
    )


COLUMNS: dict[str, list[ReaderColumn]] = {
    "recommendations": [
        ReaderColumn("cycle_name", "cycle", _name("cycles", "cycle")),
        ReaderColumn("body", "cycle_name", _cycle_body("code")),
        ReaderColumn("body_name", "body", _cycle_body("name")),
        ReaderColumn(
            "recommending_state_names",
            "recommending_states",
            _names("countries", "recommending_states"),
        ),
        ReaderColumn("issue_names", "issues", _names("issues", "issues")),
        ReaderColumn(
            "affected_group_names",
            "affected_groups",
            _names("affected_groups", "affected_groups"),
        ),
        ReaderColumn("sdg_names", "sdgs", _names("sdgs", "sdgs")),
        ReaderColumn(
            "responsible_agency_names",
            "responsible_agencies",
            _names("agencies", "responsible_agencies"),
        ),
        ReaderColumn("actions", "uhri_id", _actions),
        ReaderColumn("action_statuses", "actions", _action_statuses),
    ],
    "actions": [
        ReaderColumn(
            "lead_agency_name", "lead_agency", _name("agencies", "lead_agency")
        ),
        ReaderColumn(
            "responsible_agency_names",
            "responsible_agencies",
            _names("agencies", "responsible_agencies"),
        ),
        ReaderColumn("issue_names", "issues", _names("issues", "issues")),
        ReaderColumn(
            "affected_group_names",
            "affected_groups",
            _names("affected_groups", "affected_groups"),
        ),
        ReaderColumn("overdue", "target_date", _overdue),
    ],
    "indicators": [
        ReaderColumn("action_title", "action", _action_title),
        ReaderColumn(
            "responsible_agency_name",
            "responsible_agency",
            _name("agencies", "responsible_agency"),
        ),
        # The series of a measured indicator, from its published reports.
        ReaderColumn("measured_values", "target_date", _measured_values),
    ],
}


def header_names(kind_name: str) -> tuple[str, ...]:
    """The added headers of ``kind_name`` (which its import ignores)."""
    return tuple(column.name for column in COLUMNS.get(kind_name, ()))


def layout(kind_name: str, template: list[str]) -> list[tuple[str, Any]]:
    """``[(header, template column name or ReaderColumn)]``: the template's
    columns with each added column after the one it names."""
    result: list[tuple[str, Any]] = [(name, name) for name in template]
    for column in COLUMNS.get(kind_name, ()):
        position = next(
            index
            for index, (name, _source) in enumerate(result)
            if name == column.after
        )
        result.insert(position + 1, (column.name, column))
    return result


def chunk_extra(kind_name: str, objects: list) -> dict:
    """What the added columns of a chunk of published ``objects`` need, read
    in a few queries."""
    pks = [obj.pk for obj in objects]
    if kind_name == "recommendations":
        actions: ActionsOf = defaultdict(list)
        links = (
            Action.recommendations.through.objects.filter(
                recommendation_id__in=pks, action__live=True
            )
            .order_by("action__reference")
            .values_list(
                "recommendation_id", "action__reference", "action__progress_status"
            )
        )
        for recommendation_id, reference, status in links:
            actions[recommendation_id].append((reference, status))
        return {"actions": actions}
    if kind_name == "actions":
        today = timezone.localdate()
        past_target = {
            obj.pk
            for obj in objects
            if obj.target_date
            and obj.target_date < today
            and obj.progress_status != ProgressStatus.COMPLETED
        }
        owing = DueDate.objects.overdue(today=today).filter(action_id__in=pks)
        return {"overdue": past_target | set(owing.values_list("action_id", flat=True))}
    if kind_name == "indicators":
        ids = {obj.action_id for obj in objects}
        titles = dict(
            Action.objects.filter(pk__in=ids, live=True).values_list("pk", "title")
        )
        reports = defaultdict(list)
        for report in ProgressReport.objects.publishing_values().filter(
            indicator_id__in=pks
        ):
            reports[report.indicator_id].append(report)
        measured = {pk: series(found) for pk, found in reports.items()}
        return {"action_titles": titles, "measured_values": measured}
    return {}
