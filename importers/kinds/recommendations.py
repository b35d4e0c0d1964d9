"""The recommendations template (key: cycle + reference)."""

from collections import defaultdict

from django.utils.translation import gettext as _

from content_models.models import (
    MAX_FOLLOW_UPS_PER_CYCLE,
    HumanRightsBody,
    Recommendation,
)

from .. import cells, public_columns
from ..state import load_rows, snapshot
from .base import (
    Column,
    Kind,
    ParsedRow,
    boolean,
    choice,
    related_list,
    text,
    url,
)


def reference_key(reference: str) -> str:
    return " ".join(reference.split()).casefold()


def _parse_cycle(cell, context):
    value = cells.as_text(cell)
    if not value:
        raise cells.CellError(_("required; this cell is empty."))
    return context.cycles.resolve(value)


def _parse_reference(cell, context):
    return " ".join(
        cells.parse_text(
            cell, max_length=context.max_length("reference"), required=True
        ).split()
    )


def _parse_uhri_id(cell, context):
    return cells.parse_text(cell, max_length=context.max_length("uhri_id"))


class RecommendationsKind(Kind):
    name = "recommendations"
    # The public export's added columns: a public export imports again.
    ignored_headers = public_columns.header_names("recommendations")
    model = Recommendation
    columns = [
        Column(
            "cycle",
            "cycle",
            _parse_cycle,
            lambda value, context: context.code_of("cycles", value),
            required=True,
            key=True,
            example="UPR-2024",
            help="Reporting cycle code, e.g. UPR-2024.",
        ),
        Column(
            "reference",
            "reference",
            _parse_reference,
            lambda value, context: value,
            required=True,
            key=True,
            example="EXAMPLE",
            help="Unique within the cycle, e.g. 122.45 or para 12(a).",
        ),
        text(
            "text",
            required_value=True,
            required=True,
            example="Take further measures to combat family violence (Australia);",
        ),
        text("title", example="Family violence"),
        related_list("recommending_states", "countries", example="AUS; Canada"),
        related_list("issues", "issues", example="Women & girls"),
        related_list("affected_groups", "affected_groups", example="Women; Children"),
        related_list("sdgs", "sdgs", example="5; 16"),
        related_list("responsible_agencies", "agencies", example="MoJ; TPA"),
        boolean("prioritised", example="no"),
        choice(
            "upr_response",
            Recommendation.UprResponse,
            example="supported",
        ),
        text("response_comment"),
        boolean("follow_up", example="no"),
        text("no_action_reason"),
        text("document_symbol", example="A/HRC/56/15"),
        text("paragraph", example="122.45"),
        url("source_url"),
        Column(
            "uhri_id",
            "uhri_id",
            _parse_uhri_id,
            lambda value, context: value,
        ),
    ]

    def __init__(self):
        # Every recommendation of the file's cycles (filled by find_existing).
        self.cycle_states = {}

    def extra_fields(self):
        return ["follow_up_grade"]

    def key_of(self, row: ParsedRow, context):
        cycle = row.values.get("cycle")
        reference = row.values.get("reference")
        if cycle is None or not reference:
            return None
        return (cycle.pk, reference_key(reference))

    def label_of(self, row: ParsedRow) -> str:
        return f"{row.values['cycle'].code}/{row.values['reference']}"

    def find_existing(self, rows, context):
        cycle_ids = {row.key[0] for row in rows}
        objects = list(
            Recommendation.objects.filter(cycle_id__in=cycle_ids).order_by("pk")
        )
        self.cycle_states = load_rows(Recommendation, objects)
        by_key = {}
        for obj in objects:
            by_key.setdefault((obj.cycle_id, reference_key(obj.reference)), obj.pk)
        return {
            row.number: self.cycle_states[by_key[row.key]]
            for row in rows
            if row.key in by_key
        }

    def check(self, row, merged, existing, context, report):
        cycle = context.cycles.find_by_pk(merged["cycle"])
        if merged["upr_response"] and cycle.body.kind != HumanRightsBody.Kind.UPR:
            report.add(
                row,
                "upr_response",
                _(
                    "only Universal Periodic Review recommendations have a UPR "
                    "response, and %(cycle)s is a %(body)s cycle."
                )
                % {"cycle": cycle.code, "body": cycle.body.code},
            )
        if merged["follow_up_grade"] and not merged["follow_up"]:
            report.add(
                row,
                "follow_up",
                _(
                    "this recommendation has a follow-up grade; remove the grade in "
                    "the admin before setting follow_up to no."
                ),
            )

    def check_file(self, plans, context, report):
        self._check_uhri_ids(plans, context, report)
        in_file = {plan.existing.row.pk for plan in plans if plan.existing}
        counts = defaultdict(int)
        for existing in self.cycle_states.values():
            if existing.row.pk in in_file:
                continue
            state = snapshot(Recommendation, existing.content, ["follow_up", "cycle"])
            if state["follow_up"]:
                counts[existing.row.cycle_id] += 1
        for plan in plans:
            if not plan.merged["follow_up"]:
                continue
            cycle_id = plan.merged["cycle"]
            counts[cycle_id] += 1
            if counts[cycle_id] > MAX_FOLLOW_UPS_PER_CYCLE:
                cycle = context.cycles.find_by_pk(cycle_id)
                report.add(
                    plan.row,
                    "follow_up",
                    _(
                        "%(cycle)s would have %(count)d follow-up recommendations; a "
                        "committee asks for at most %(max)d."
                    )
                    % {
                        "cycle": cycle.code,
                        "count": counts[cycle_id],
                        "max": MAX_FOLLOW_UPS_PER_CYCLE,
                    },
                )

    def _check_uhri_ids(self, plans, context, report):
        wanted = {}
        for plan in plans:
            uhri_id = plan.merged.get("uhri_id")
            if not uhri_id:
                continue
            if uhri_id in wanted:
                report.add(
                    plan.row,
                    "uhri_id",
                    _("%(value)s is also the UHRI id of row %(row)d.")
                    % {
                        "value": cells.quote(uhri_id),
                        "row": wanted[uhri_id].row.number,
                    },
                )
                continue
            wanted[uhri_id] = plan
        owners = dict(
            Recommendation.objects.filter(uhri_id__in=list(wanted)).values_list(
                "uhri_id", "pk"
            )
        )
        for uhri_id, owner in owners.items():
            plan = wanted[uhri_id]
            if plan.existing is None or plan.existing.row.pk != owner:
                other = Recommendation.objects.select_related("cycle").get(pk=owner)
                report.add(
                    plan.row,
                    "uhri_id",
                    _("%(value)s is already the UHRI id of %(other)s.")
                    % {"value": cells.quote(uhri_id), "other": other.natural_key_label},
                )

    def prime(self, instance, context):
        instance.cycle = context.cycles.find_by_pk(instance.cycle_id)
