"""The facet index of published recommendations."""

from content_models import models

from ..common import natural_key
from ..enums import ProgressStatus, UprResponse
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs

KEY = "recommendation"


def build():
    cycle_labels, cycles = labels.cycles()
    rows = list(
        models.Recommendation.objects.filter(live=True).values_list(
            "id", "cycle_id", "reference", "upr_response", "follow_up", "prioritised"
        )
    )
    cycle_keys = {pk: natural_key(cycle[0]) for pk, cycle in cycles.items()}
    rows.sort(key=lambda row: (cycle_keys[row[1]], natural_key(row[2])))
    builder = IndexBuilder([row[0] for row in rows])

    builder.dimension(
        "cycles", cycle_labels, ((row[0], cycles[row[1]][0]) for row in rows)
    )
    body_labels, _ = labels.bodies()
    builder.dimension(
        "bodies", body_labels, ((row[0], cycles[row[1]][1]) for row in rows)
    )
    builder.dimension(
        "upr_responses",
        labels.choices(UprResponse, models.Recommendation.UprResponse.choices),
        (
            (row[0], UprResponse(row[3]).name)
            for row in rows
            if row[3] in UprResponse._value2member_map_
        ),
    )
    through = models.Recommendation
    for name, field, source in (
        ("recommending_states", "country_id", labels.countries()),
        ("issues", "humanrightsissue_id", labels.named_terms(models.HumanRightsIssue)),
        (
            "affected_groups",
            "affectedgroup_id",
            labels.named_terms(models.AffectedGroup),
        ),
        ("sdgs", "sustainabledevelopmentgoal_id", labels.sdgs()),
        ("agencies", "agency_id", labels.agencies()),
    ):
        attribute = "responsible_agencies" if name == "agencies" else name
        table = getattr(through, attribute).through
        builder.dimension(
            name, source[0], pairs(table, "recommendation_id", field, source[1])
        )

    links = list(
        models.Action.recommendations.through.objects.filter(
            action__live=True
        ).values_list("recommendation_id", "action__progress_status")
    )
    builder.dimension(
        "action_statuses",
        labels.choices(ProgressStatus, models.ProgressStatus.choices),
        (
            (pk, ProgressStatus(status).name)
            for pk, status in links
            if status in ProgressStatus._value2member_map_
        ),
    )
    builder.flag("has_actions", (pk for pk, _ in links))
    builder.flag("follow_up", (row[0] for row in rows if row[4]))
    builder.flag("prioritised", (row[0] for row in rows if row[5]))
    current = set(models.ReportingCycle.objects.current().values_list("pk", flat=True))
    builder.flag("current_cycle", (row[0] for row in rows if row[1] in current))

    def newest(row):
        received = cycles[row[1]][2]
        return (0 if received else 1, -(received.toordinal() if received else 0))

    builder.order("newest", [row[0] for row in sorted(rows, key=newest)])
    return builder.build()
