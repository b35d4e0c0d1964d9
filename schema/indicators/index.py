"""The facet index of published indicators of published actions."""

from content_models import models

from ..actions.index import newest_first
from ..common import natural_key
from ..enums import IndicatorKind, ProgressStatus
from ..facets import IndexBuilder, Label, labels
from ..facets.labels import pairs

KEY = "indicator"


def build():
    rows = list(
        models.Indicator.objects.filter(live=True, action__live=True).values_list(
            "id",
            "reference",
            "kind",
            "responsible_agency_id",
            "action__reference",
            "first_published_at",
            "action__progress_status",
        )
    )
    rows.sort(key=lambda row: natural_key(row[1]))
    builder = IndexBuilder([row[0] for row in rows])
    agency_labels, agencies = labels.agencies()
    builder.dimension(
        "agencies",
        agency_labels,
        ((row[0], agencies.get(row[3])) for row in rows if row[3]),
    )
    builder.dimension(
        "kinds",
        labels.choices(IndicatorKind, models.Indicator.Kind.choices),
        (
            (row[0], IndicatorKind(row[2]).name)
            for row in rows
            if row[2] in IndicatorKind._value2member_map_
        ),
    )
    action_references = sorted({row[4] for row in rows}, key=natural_key)
    builder.dimension(
        "actions",
        [Label(reference, reference) for reference in action_references],
        ((row[0], row[4]) for row in rows),
    )
    builder.dimension(
        "progress_statuses",
        labels.choices(ProgressStatus, models.ProgressStatus.choices),
        (
            (row[0], ProgressStatus(row[6]).name)
            for row in rows
            if row[6] in ProgressStatus._value2member_map_
        ),
    )
    smart_labels, letters = labels.smart_letters()
    builder.dimension(
        "smart",
        smart_labels,
        pairs(
            models.Indicator.smart_criteria.through,
            "indicator_id",
            "smartcriterion_id",
            letters,
        ),
        require_all=True,
    )
    builder.order("newest", newest_first(rows, lambda row: row[5]))
    return builder.build()
