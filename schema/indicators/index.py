"""The facet index of published indicators of published actions."""

from content_models import models

# Rows laid out as the actions' are (id, reference, …, first published at 5):
# the same orders and keys.
from ..actions.index import keys, newest_first, own_key
from ..enums import IndicatorKind, ProgressStatus
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs, remembered
from ..facets.patch import Related, Source, dependencies, links

KEY = "indicator"


def rows(only=None):
    """(id, reference, kind, agency, action reference, first published, action
    status) of the published indicators of published actions (of those in
    ``only``)."""
    published = models.Indicator.objects.filter(live=True, action__live=True)
    if only is not None:
        published = published.filter(id__in=only)
    return list(
        published.values_list(
            "id",
            "reference",
            "kind",
            "responsible_agency_id",
            "action__reference",
            "first_published_at",
            "action__progress_status",
        )
    )


def build(only=None, memo=None):
    """The index of the published indicators (of those in ``only``)."""
    memo = {} if memo is None else memo
    found = rows(only)
    found.sort(key=own_key)
    builder = IndexBuilder([row[0] for row in found])
    agency_labels, agencies = remembered(memo, "agencies", labels.agencies)
    builder.dimension(
        "agencies",
        agency_labels,
        ((row[0], agencies.get(row[3])) for row in found if row[3]),
    )
    builder.dimension(
        "kinds",
        labels.choices(IndicatorKind, models.Indicator.Kind.choices),
        (
            (row[0], IndicatorKind(row[2]).name)
            for row in found
            if row[2] in IndicatorKind._value2member_map_
        ),
    )
    builder.own_values("actions", ((row[0], row[4]) for row in found), "natural")
    builder.dimension(
        "progress_statuses",
        labels.choices(ProgressStatus, models.ProgressStatus.choices),
        (
            (row[0], ProgressStatus(row[6]).name)
            for row in found
            if row[6] in ProgressStatus._value2member_map_
        ),
    )
    smart_labels, letters = remembered(memo, "smart", labels.smart_letters)
    builder.dimension(
        "smart",
        smart_labels,
        pairs(
            models.Indicator.smart_criteria.through,
            "indicator_id",
            "smartcriterion_id",
            letters,
            only=only,
        ),
        require_all=True,
    )
    builder.order("newest", newest_first(found, lambda row: row[5]))
    return builder.build(memo=memo)


def depends():
    """What each journalled table means for this index (see
    :class:`~schema.facets.patch.Source`)."""
    return dependencies(
        {
            models.Indicator: "a",
            **dict.fromkeys(links(models.Indicator), "a"),
            # Published with their action, which gives them its status.
            models.Action: Related(models.Indicator, "action_id"),
        },
        ignore=(models.Recommendation, models.ProgressReport, models.DueDate),
        ignore_links=(models.Action, models.Recommendation, models.ProgressReport),
    )


SOURCE = Source(KEY, build=build, rows=rows, keys=keys, depends=depends)
