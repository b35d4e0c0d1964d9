"""The index of published progress reports on published actions."""

import datetime

from content_models import models

from ..enums import ProgressStatus
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs, remembered
from ..facets.patch import Related, Source, dependencies, links

KEY = "report"
_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def rows(only=None):
    """(id, action, action reference, indicator reference, indicator live,
    proposed status, document public, document, first published) of the
    published reports on published actions (of those in ``only``)."""
    published = models.ProgressReport.objects.filter(live=True, action__live=True)
    if only is not None:
        published = published.filter(id__in=only)
    return list(
        published.values_list(
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


def _published(row) -> int:
    return ((row[8] or _EPOCH) - _EPOCH) // _MICROSECOND


def own_key(row):
    """Newest first is the index's own order; OLDEST is its reverse."""
    return (-_published(row), -row[0])


def keys(rows, memo=None):
    """The rows' keys, by order name (a patch's probes)."""
    return {
        None: {row[0]: own_key(row) for row in rows},
        "oldest": {row[0]: (_published(row), row[0]) for row in rows},
    }


def build(only=None, memo=None):
    """The index of the published reports (of those in ``only``)."""
    memo = {} if memo is None else memo
    found = rows(only)
    found.sort(key=own_key)
    builder = IndexBuilder([row[0] for row in found])
    builder.own_values("actions", ((row[0], row[2]) for row in found), "plain")
    builder.own_values(
        "indicators", ((row[0], row[3]) for row in found if row[4]), "plain"
    )
    agency_labels, agencies = remembered(memo, "agencies", labels.agencies)
    by_action: dict[int, list[int]] = {}
    for row in found:
        by_action.setdefault(row[1], []).append(row[0])
    actions = None if only is None else list(by_action)
    lead = models.Action.objects.filter(live=True)
    if actions is not None:
        lead = lead.filter(id__in=actions)
    responsible = pairs(
        models.Action.responsible_agencies.through,
        "action_id",
        "agency_id",
        agencies,
        only=actions,
    )
    action_agencies = [
        *(
            (pk, agencies.get(agency))
            for pk, agency in lead.values_list("id", "lead_agency_id")
            if agency
        ),
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
            for row in found
            if row[5] in ProgressStatus._value2member_map_
        ),
    )
    builder.flag("has_public_document", (row[0] for row in found if row[6] and row[7]))
    builder.order("oldest", [row[0] for row in reversed(found)])
    return builder.build(memo=memo)


def depends():
    """What each journalled table means for this index (see
    :class:`~schema.facets.patch.Source`)."""
    # Published with their action, which gives them its agencies; an
    # indicator gives them its reference, while it is published.
    of_actions = Related(models.ProgressReport, "action_id")
    return dependencies(
        {
            models.ProgressReport: "a",
            **dict.fromkeys(links(models.ProgressReport), "a"),
            models.Action: of_actions,
            models.Action.responsible_agencies.through: of_actions,
            models.Indicator: Related(models.ProgressReport, "indicator_id"),
        },
        ignore=(models.Recommendation, models.DueDate),
        ignore_links=(models.Action, models.Recommendation, models.Indicator),
    )


SOURCE = Source(KEY, build=build, rows=rows, keys=keys, depends=depends)
