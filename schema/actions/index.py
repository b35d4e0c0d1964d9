"""The facet index of published actions."""

import datetime
from functools import partial

from content_models import models

from .. import versioning
from ..common import natural_key
from ..enums import ProgressStatus
from ..facets import IndexBuilder, labels
from ..facets.labels import pairs, read_links, remembered
from ..facets.patch import Related, Source, dependencies, links

KEY = "action"
_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def newest_first(rows, published_at):
    """Ids of ``rows`` (already in reference order), newest publication first."""
    return [
        row[0]
        for row in sorted(
            rows, key=lambda row: published_at(row) or _EPOCH, reverse=True
        )
    ]


def overdue_ids(rows, only=None) -> set[int]:
    """Actions past their target date (not completed) or owing a progress
    report whose due date has passed, as of today in New Zealand."""
    today = versioning.today()
    completed = models.ProgressStatus.COMPLETED
    past_target = {
        row[0] for row in rows if row[6] and row[6] < today and row[2] != completed
    }
    reports = models.DueDate.objects.overdue(today=today)
    if only is not None:
        reports = reports.filter(action_id__in=only)
    return past_target | set(reports.values_list("action_id", flat=True))


def rows(only=None):
    """(id, reference, status, lead agency, pre-existing, first published,
    target date) of the published actions (of those in ``only``)."""
    published = models.Action.objects.filter(live=True)
    if only is not None:
        published = published.filter(id__in=only)
    return list(
        published.values_list(
            "id",
            "reference",
            "progress_status",
            "lead_agency_id",
            "pre_existing",
            "first_published_at",
            "target_date",
        )
    )


def newest_key(published_at):
    """Newest publication first, as an ascending key (never published: last)."""
    return -((published_at or _EPOCH) - _EPOCH) // _MICROSECOND


def own_key(row):
    """The own order: by reference."""
    return (natural_key(row[1]), row[0])


def keys(rows, memo=None):
    """The rows' keys, by order name (a patch's probes): by reference, and
    newest publication first (ties in the own order, as :func:`newest_first`
    leaves them)."""
    return {
        None: {row[0]: own_key(row) for row in rows},
        "newest": {row[0]: newest_key(row[5]) for row in rows},
    }


def build(only=None, memo=None):
    """The index of the published actions (of those in ``only``)."""
    memo = {} if memo is None else memo
    found = rows(only)
    found.sort(key=own_key)
    builder = IndexBuilder([row[0] for row in found])

    cycle_labels, cycles = remembered(memo, "cycles", labels.cycles)
    body_labels, _ = remembered(memo, "bodies", labels.bodies)
    links = models.Action.recommendations.through.objects.filter(
        recommendation__live=True
    )
    if only is not None:
        links = links.filter(action_id__in=only)
    addressed = list(links.values_list("action_id", "recommendation__cycle_id"))
    builder.dimension(
        "cycles", cycle_labels, ((pk, cycles[cycle][0]) for pk, cycle in addressed)
    )
    builder.dimension(
        "bodies", body_labels, ((pk, cycles[cycle][1]) for pk, cycle in addressed)
    )
    current = remembered(memo, "current", labels.current_cycles)
    builder.flag("current_cycle", (pk for pk, cycle in addressed if cycle in current))
    state_labels, states = remembered(memo, "countries", labels.countries)
    builder.dimension(
        "recommending_states",
        state_labels,
        (
            (pk, states.get(country))
            for pk, country in links.filter(
                recommendation__recommending_states__isnull=False,
            ).values_list("action_id", "recommendation__recommending_states")
        ),
    )

    terms = (
        ("issues", "humanrightsissue_id", models.HumanRightsIssue),
        ("affected_groups", "affectedgroup_id", models.AffectedGroup),
    )
    term_tables = [
        (getattr(models.Action, name).through, "action_id", field)
        for name, field, _ in terms
    ]
    agency_table = (
        models.Action.responsible_agencies.through,
        "action_id",
        "agency_id",
    )
    smart_table = (
        models.Action.smart_criteria.through,
        "action_id",
        "smartcriterion_id",
    )
    read = read_links([*term_tables, agency_table, smart_table], only)
    for (name, _, model), table in zip(terms, term_tables, strict=True):
        source = remembered(memo, name, partial(labels.named_terms, model))
        builder.dimension(
            name, source[0], pairs(*table, source[1], only=only, read=read)
        )

    agency_labels, agencies = remembered(memo, "agencies", labels.agencies)
    responsible = pairs(*agency_table, agencies, only=only, read=read)
    leads = ((row[0], agencies.get(row[3])) for row in found if row[3])
    builder.dimension("agencies", agency_labels, [*leads, *responsible])

    builder.dimension(
        "progress_statuses",
        labels.choices(ProgressStatus, models.ProgressStatus.choices),
        (
            (row[0], ProgressStatus(row[2]).name)
            for row in found
            if row[2] in ProgressStatus._value2member_map_
        ),
    )
    smart_labels, letters = remembered(memo, "smart", labels.smart_letters)
    builder.dimension(
        "smart",
        smart_labels,
        pairs(*smart_table, letters, only=only, read=read),
        require_all=True,
    )
    builder.flag("pre_existing", (row[0] for row in found if row[4]))
    builder.flag("overdue", overdue_ids(found, only))
    builder.order("newest", newest_first(found, lambda row: row[5]))
    return builder.build(memo=memo)


def depends():
    """What each journalled table means for this index (see
    :class:`~schema.facets.patch.Source`)."""
    # A recommendation's cycle, body and States are facets of its actions.
    addressing = Related(
        models.Action.recommendations.through, "recommendation_id", "action_id"
    )
    return dependencies(
        {
            models.Action: "a",
            **dict.fromkeys(links(models.Action), "a"),
            models.Recommendation: addressing,
            **dict.fromkeys(links(models.Recommendation), addressing),
            # What makes an action overdue: its due dates, the reports
            # answering them and the indicators they are owed for (the
            # entries name the action; the due dates' own, too, in case data
            # was written around validation).
            models.DueDate: "b",
            models.ProgressReport: (
                "b",
                Related(models.DueDate, "progress_reports", "action_id"),
            ),
            models.Indicator: (
                "b",
                Related(models.DueDate, "indicator_id", "action_id"),
            ),
        },
        ignore_links=(models.Indicator, models.ProgressReport),
    )


SOURCE = Source(KEY, build=build, rows=rows, keys=keys, depends=depends)
