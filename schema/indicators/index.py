"""The facet index of published indicators of published actions."""

from django.apps import apps

from content_models import models

from ..actions.index import newest_key
from ..common import natural_key
from ..enums import IndicatorKind, ProgressStatus
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs, remembered
from ..facets.patch import IGNORE, Source

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


def own_key(row):
    """The own order: by reference."""
    return (natural_key(row[1]), row[0])


def keys(rows, memo=None):
    """The rows' keys, by order name (a patch's probes)."""
    return {
        None: {row[0]: own_key(row) for row in rows},
        "newest": {row[0]: newest_key(row[5]) for row in rows},
    }


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
    newest = keys(found)["newest"]
    builder.order("newest", sorted((row[0] for row in found), key=newest.__getitem__))
    index = builder.build()
    index.memo = memo
    return index


def _of_actions(action_ids):
    """The indicators of the actions (published with them; their status)."""
    return set(
        models.Indicator.objects.filter(action_id__in=action_ids).values_list(
            "id", flat=True
        )
    )


def depends():
    """What each journalled table means for this index (see
    :class:`~schema.facets.patch.Source`)."""
    table = lambda model: model._meta.db_table  # noqa: E731
    rules = {table(models.Indicator): "a", table(models.Action): _of_actions}
    for field in models.Indicator._meta.many_to_many:
        rules[table(field.remote_field.through)] = "a"
    for model in (models.Action, models.Recommendation, models.ProgressReport):
        for field in model._meta.many_to_many:
            rules[table(field.remote_field.through)] = IGNORE
    for model in (
        models.Recommendation,
        models.ProgressReport,
        models.DueDate,
        models.CabinetDecision,
        models.CabinetDocument,
        apps.get_model("wagtaildocs.Document"),
    ):
        rules[table(model)] = IGNORE
    return rules


SOURCE = Source(KEY, build=build, rows=rows, keys=keys, depends=depends)
