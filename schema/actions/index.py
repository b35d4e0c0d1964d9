"""The facet index of published actions."""

import datetime

from content_models import models

from .. import versioning
from ..common import natural_key
from ..enums import ProgressStatus
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs

KEY = "action"
_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def newest_first(rows, published_at):
    """Ids of ``rows`` (already in reference order), newest publication first."""
    return [
        row[0]
        for row in sorted(
            rows, key=lambda row: published_at(row) or _EPOCH, reverse=True
        )
    ]


def overdue_ids(rows) -> set[int]:
    """Actions past their target date (not completed) or owing a progress
    report whose due date has passed, as of today in New Zealand."""
    today = versioning.today()
    completed = models.ProgressStatus.COMPLETED
    past_target = {
        row[0] for row in rows if row[6] and row[6] < today and row[2] != completed
    }
    reports = models.DueDate.objects.overdue(today=today).values_list(
        "action_id", flat=True
    )
    return past_target | set(reports)


def build():
    rows = list(
        models.Action.objects.filter(live=True).values_list(
            "id",
            "reference",
            "progress_status",
            "lead_agency_id",
            "pre_existing",
            "first_published_at",
            "target_date",
        )
    )
    rows.sort(key=lambda row: natural_key(row[1]))
    builder = IndexBuilder([row[0] for row in rows])

    cycle_labels, cycles = labels.cycles()
    body_labels, _ = labels.bodies()
    addressed = list(
        models.Action.recommendations.through.objects.filter(
            recommendation__live=True
        ).values_list("action_id", "recommendation__cycle_id")
    )
    builder.dimension(
        "cycles", cycle_labels, ((pk, cycles[cycle][0]) for pk, cycle in addressed)
    )
    builder.dimension(
        "bodies", body_labels, ((pk, cycles[cycle][1]) for pk, cycle in addressed)
    )
    current = set(models.ReportingCycle.objects.current().values_list("pk", flat=True))
    builder.flag("current_cycle", (pk for pk, cycle in addressed if cycle in current))
    state_labels, states = labels.countries()
    builder.dimension(
        "recommending_states",
        state_labels,
        (
            (pk, states.get(country))
            for pk, country in models.Action.recommendations.through.objects.filter(
                recommendation__live=True,
                recommendation__recommending_states__isnull=False,
            ).values_list("action_id", "recommendation__recommending_states")
        ),
    )

    for name, field, source in (
        ("issues", "humanrightsissue_id", labels.named_terms(models.HumanRightsIssue)),
        (
            "affected_groups",
            "affectedgroup_id",
            labels.named_terms(models.AffectedGroup),
        ),
    ):
        table = getattr(models.Action, name).through
        builder.dimension(name, source[0], pairs(table, "action_id", field, source[1]))

    agency_labels, agencies = labels.agencies()
    responsible = pairs(
        models.Action.responsible_agencies.through, "action_id", "agency_id", agencies
    )
    leads = ((row[0], agencies.get(row[3])) for row in rows if row[3])
    builder.dimension("agencies", agency_labels, [*leads, *responsible])

    builder.dimension(
        "progress_statuses",
        labels.choices(ProgressStatus, models.ProgressStatus.choices),
        (
            (row[0], ProgressStatus(row[2]).name)
            for row in rows
            if row[2] in ProgressStatus._value2member_map_
        ),
    )
    smart_labels, letters = labels.smart_letters()
    builder.dimension(
        "smart",
        smart_labels,
        pairs(
            models.Action.smart_criteria.through,
            "action_id",
            "smartcriterion_id",
            letters,
        ),
        require_all=True,
    )
    builder.flag("pre_existing", (row[0] for row in rows if row[4]))
    builder.flag("overdue", overdue_ids(rows))
    builder.order("newest", newest_first(rows, lambda row: row[5]))
    return builder.build()
