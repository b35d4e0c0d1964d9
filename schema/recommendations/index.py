"""The facet index of published recommendations."""

from content_models import models

from ..common import natural_key
from ..enums import ProgressStatus, UprResponse
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs, read_links, remembered
from ..facets.patch import Related, Source, dependencies, links

KEY = "recommendation"

_THROUGHS = (
    ("recommending_states", "country_id", labels.countries),
    (
        "issues",
        "humanrightsissue_id",
        lambda: labels.named_terms(models.HumanRightsIssue),
    ),
    (
        "affected_groups",
        "affectedgroup_id",
        lambda: labels.named_terms(models.AffectedGroup),
    ),
    ("sdgs", "sustainabledevelopmentgoal_id", labels.sdgs),
    ("agencies", "agency_id", labels.agencies),
)


def _through(name):
    attribute = "responsible_agencies" if name == "agencies" else name
    return getattr(models.Recommendation, attribute).through


def rows(only=None):
    """(id, cycle, reference, UPR response, follow-up, prioritised) of the
    published recommendations (of those in ``only``)."""
    published = models.Recommendation.objects.filter(live=True)
    if only is not None:
        published = published.filter(id__in=only)
    return list(
        published.values_list(
            "id", "cycle_id", "reference", "upr_response", "follow_up", "prioritised"
        )
    )


def key_functions(memo=None):
    """The rows' key functions: by cycle then reference (the own order), and
    newest cycle first."""
    cycles = remembered(memo, "cycles", labels.cycles)[1]
    cycle_keys = {pk: natural_key(cycle[0]) for pk, cycle in cycles.items()}

    def own(row):
        return (cycle_keys[row[1]], natural_key(row[2]), row[0])

    def newest(row):
        received = cycles[row[1]][2]
        return (0 if received else 1, -(received.toordinal() if received else 0))

    return {None: own, "newest": newest}


def keys(rows, memo=None):
    """The rows' keys, by order name (a patch's probes)."""
    return {
        name: {row[0]: function(row) for row in rows}
        for name, function in key_functions(memo).items()
    }


def build(only=None, memo=None):
    """The index of the published recommendations (of those in ``only``)."""
    memo = {} if memo is None else memo
    cycle_labels, cycles = remembered(memo, "cycles", labels.cycles)
    found = rows(only)
    by = key_functions(memo)
    found.sort(key=by[None])
    builder = IndexBuilder([row[0] for row in found])

    builder.dimension(
        "cycles", cycle_labels, ((row[0], cycles[row[1]][0]) for row in found)
    )
    body_labels, _ = remembered(memo, "bodies", labels.bodies)
    builder.dimension(
        "bodies", body_labels, ((row[0], cycles[row[1]][1]) for row in found)
    )
    builder.dimension(
        "upr_responses",
        labels.choices(UprResponse, models.Recommendation.UprResponse.choices),
        (
            (row[0], UprResponse(row[3]).name)
            for row in found
            if row[3] in UprResponse._value2member_map_
        ),
    )
    tables = [
        (_through(name), "recommendation_id", field) for name, field, _ in _THROUGHS
    ]
    read = read_links(tables, only)
    for (name, _, source), table in zip(_THROUGHS, tables, strict=True):
        term_labels, codes = remembered(memo, name, source)
        builder.dimension(name, term_labels, pairs(*table, codes, only=only, read=read))

    links = models.Action.recommendations.through.objects.filter(action__live=True)
    if only is not None:
        links = links.filter(recommendation_id__in=only)
    links = list(links.values_list("recommendation_id", "action__progress_status"))
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
    builder.flag("follow_up", (row[0] for row in found if row[4]))
    builder.flag("prioritised", (row[0] for row in found if row[5]))
    current = remembered(memo, "current", labels.current_cycles)
    builder.flag("current_cycle", (row[0] for row in found if row[1] in current))

    builder.order("newest", [row[0] for row in sorted(found, key=by["newest"])])
    return builder.build(memo=memo)


def depends():
    """What each journalled table means for this index (see :class:`Source`)."""
    through = models.Action.recommendations.through
    return dependencies(
        {
            models.Recommendation: "a",
            **dict.fromkeys(links(models.Recommendation), "a"),
            through: "b",
            # A published action's status is a facet of what it addresses.
            models.Action: Related(through, "action_id", "recommendation_id"),
        },
        ignore=(models.Indicator, models.ProgressReport, models.DueDate),
        ignore_links=(models.Action, models.Indicator, models.ProgressReport),
    )


SOURCE = Source(KEY, build=build, rows=rows, keys=keys, depends=depends)
