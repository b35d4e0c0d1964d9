"""The index of published progress reports on published actions."""

import datetime

from content_models import models

from ..enums import ProgressStatus
from ..facets import IndexBuilder, Label, labels
from ..facets.labels import pairs

KEY = "report"
_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def build():
    rows = list(
        models.ProgressReport.objects.filter(live=True, action__live=True).values_list(
            "id",
            "action_id",
            "action__reference",
            "indicator__reference",
            "indicator__live",
            "proposed_status",
            "document_public",
            "document_id",
            "first_published_at",
        )
    )
    # Newest first is the index's own order; OLDEST is its reverse.
    rows.sort(key=lambda row: (row[8] or _EPOCH, row[0]), reverse=True)
    builder = IndexBuilder([row[0] for row in rows])
    builder.dimension(
        "actions",
        [Label(reference, reference) for reference in sorted({row[2] for row in rows})],
        ((row[0], row[2]) for row in rows),
    )
    builder.dimension(
        "indicators",
        [
            Label(reference, reference)
            for reference in sorted({row[3] for row in rows if row[4]})
        ],
        ((row[0], row[3]) for row in rows if row[4]),
    )
    agency_labels, agencies = labels.agencies()
    by_action: dict[int, list[int]] = {}
    for row in rows:
        by_action.setdefault(row[1], []).append(row[0])
    lead = models.Action.objects.filter(live=True).values_list("id", "lead_agency_id")
    responsible = pairs(
        models.Action.responsible_agencies.through, "action_id", "agency_id", agencies
    )
    action_agencies = [
        *((pk, agencies.get(agency)) for pk, agency in lead if agency),
        *responsible,
    ]
    builder.dimension(
        "agencies",
        agency_labels,
        (
            (report, code)
            for action, code in action_agencies
            for report in by_action.get(action, ())
        ),
    )
    builder.dimension(
        "proposed_statuses",
        labels.choices(ProgressStatus, models.ProgressStatus.choices),
        (
            (row[0], ProgressStatus(row[5]).name)
            for row in rows
            if row[5] in ProgressStatus._value2member_map_
        ),
    )
    builder.flag("has_public_document", (row[0] for row in rows if row[6] and row[7]))
    builder.order("oldest", [row[0] for row in reversed(rows)])
    return builder.build()
