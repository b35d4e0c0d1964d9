"""The actions template (key: reference), linked to recommendations."""

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from content_models.models import Action, ProgressStatus, Recommendation

from .. import cells, public_columns
from ..state import load_rows
from ..text import did_you_mean
from .base import (
    Column,
    Context,
    Kind,
    boolean,
    date,
    related,
    related_list,
    smart,
    text,
)
from .recommendations import reference_key

CHUNK = 1000


class RecommendationIndex:
    """Recommendations by ``CYCLE/REFERENCE``, loaded one cycle at a time."""

    def __init__(self, context: Context):
        self.context = context
        self._cycles: dict[int, dict[str, int]] = {}

    @classmethod
    def cached(cls, context: Context) -> "RecommendationIndex":
        """The index of ``context`` (one per import)."""
        return context.__dict__.setdefault("_recommendation_index", cls(context))

    def references(self, cycle) -> dict[str, tuple[int, str]]:
        if cycle.pk not in self._cycles:
            self._cycles[cycle.pk] = {
                reference_key(reference): (pk, reference)
                for pk, reference in Recommendation.objects.filter(
                    cycle=cycle
                ).values_list("pk", "reference")
            }
        return self._cycles[cycle.pk]

    def resolve(self, item: str) -> int:
        if "/" not in item:
            raise cells.CellError(
                _(
                    "%(value)s: write each recommendation as CYCLE/REFERENCE, e.g. "
                    "UPR-2024/122.45."
                )
                % {"value": cells.quote(item)}
            )
        cycle_text, reference = (part.strip() for part in item.split("/", 1))
        cycle = self.context.cycles.resolve(cycle_text)
        references = self.references(cycle)
        found = references.get(reference_key(reference))
        if found is None:
            message = _("there is no recommendation %(reference)s in %(cycle)s") % {
                "reference": cells.quote(reference),
                "cycle": cycle.code,
            }
            suggestion = did_you_mean(
                reference, {key: label for key, (_pk, label) in references.items()}
            )
            if suggestion:
                message += _(" (did you mean %(cycle)s/%(option)s?)") % {
                    "cycle": cycle.code,
                    "option": suggestion,
                }
            raise cells.CellError(message + ".")
        return found[0]


def recommendation_labels(context: Context) -> dict[int, str]:
    labels = context.__dict__.get("_recommendation_labels")
    if labels is None:
        labels = {
            pk: f"{cycle}/{reference}"
            for pk, cycle, reference in Recommendation.objects.values_list(
                "pk", "cycle__code", "reference"
            )
        }
        context.__dict__["_recommendation_labels"] = labels
    return labels


def _parse_recommendations(cell, context):
    index = RecommendationIndex.cached(context)
    found, problems = [], []
    for item in cells.split_list(cell):
        try:
            pk = index.resolve(item)
        except cells.CellError as error:
            problems.append(error.message)
            continue
        if pk not in found:
            found.append(pk)
    if problems:
        raise cells.CellError(" ".join(problems))
    return found


def _export_recommendations(value, context):
    labels = recommendation_labels(context)
    return "; ".join(sorted(labels.get(pk, str(pk)) for pk in value))


def parse_reference(name="reference"):
    def parse(cell, context):
        return " ".join(
            cells.parse_text(
                cell, max_length=context.max_length(name), required=True
            ).split()
        )

    return parse


def find_by_reference(model, rows, key=lambda row: row.key[0]):
    """``{row number: Existing}`` matching references case-insensitively."""
    wanted = sorted({key(row) for row in rows})
    objects = []
    for start in range(0, len(wanted), CHUNK):
        objects.extend(
            model.objects.annotate(reference_key=Lower("reference")).filter(
                reference_key__in=wanted[start : start + CHUNK]
            )
        )
    states = load_rows(model, objects)
    by_key = {}
    for obj in objects:
        by_key.setdefault(reference_key(obj.reference), obj.pk)
    return {row.number: states[by_key[key(row)]] for row in rows if key(row) in by_key}


class ActionsKind(Kind):
    name = "actions"
    # The public export's added columns: a public export imports again.
    ignored_headers = public_columns.header_names("actions")
    model = Action
    columns = [
        Column(
            "reference",
            "reference",
            parse_reference(),
            lambda value, context: value,
            required=True,
            key=True,
            example="EXAMPLE",
            help="Unique action reference, e.g. ACT-0001.",
        ),
        text(
            "title",
            required_value=True,
            required=True,
            example="Te Aorerekura action plan",
        ),
        text("description", example="Deliver the second action plan."),
        text("desired_outcome", example="Fewer people experience family violence."),
        Column(
            "recommendations",
            "recommendations",
            _parse_recommendations,
            _export_recommendations,
            example="UPR-2024/122.45; UPR-2024/122.46",
            help="CYCLE/REFERENCE of each recommendation, separated by ;",
        ),
        related("lead_agency", "agencies", example="TPA"),
        related_list("responsible_agencies", "agencies", example="MSD; Police"),
        related_list("issues", "issues", example="Women & girls"),
        related_list("affected_groups", "affected_groups", example="Women"),
        Column(
            "progress_status",
            "progress_status",
            lambda cell, context: (
                cells.parse_choice(cell, ProgressStatus)
                or ProgressStatus.IN_PREPARATION
            ),
            lambda value, context: value or "",
            example="in_progress",
        ),
        smart(example="SMRT"),
        date("target_date", example="2027-06-30"),
        text("target_date_comment"),
        text("cabinet_reference", example="SWC-24-MIN-0001"),
        boolean("pre_existing", example="no"),
    ]

    def key_of(self, row, context):
        reference = row.values.get("reference")
        return (reference_key(reference),) if reference else None

    def label_of(self, row):
        return row.values["reference"]

    def find_existing(self, rows, context):
        return find_by_reference(Action, rows)
