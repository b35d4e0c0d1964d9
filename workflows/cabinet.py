"""The compiled response of a cycle, as the lead agency takes it to Cabinet.

The lead agency compiles the response to a cycle's recommendations for
Ministerial and Cabinet consideration: which recommendations to prioritise,
the actions proposed for each (work already underway, i.e. pre-existing, or
new) and why no action is proposed where none is. ``compile_annex`` gathers
it once, grouped by human-rights issue or by responsible agency, with the
cover's facts and counts; ``importers.annex`` writes it as Word and XLSX and
the Cabinet target reminder quotes its counts.

It is a working record of the lead agency, not a publication: it reads the
latest content of each item (``get_latest_revision_as_object()``, what an
editor sees in the admin), drafts included, and says of every item how far
from the public it is ("Draft", "Draft — awaiting approval"…).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from content_models.models import Recommendation, ReportingCycle

from .formatting import nz_date, nz_datetime
from .response import Response, board_rows, response_of
from .response import item_state as state_of

GROUP_BY = ("issue", "agency")


@dataclass
class AnnexAction:
    reference: str
    title: str
    lead_agency: str
    underway: bool
    state: str

    @property
    def kind(self) -> str:
        return _("Work underway") if self.underway else _("New")


@dataclass
class AnnexRecommendation:
    reference: str
    text: str
    prioritised: bool
    no_action_reason: str
    agencies: list[str]
    issues: list[str]
    state: str
    actions: list[AnnexAction] = field(default_factory=list)
    #: ``response.Response``: derived from the board's state (``response_of``).
    answer: str = Response.AWAITING

    @property
    def response(self) -> str:
        """Where it stands: action proposed, no action proposed, or awaiting."""
        return str(Response(self.answer).label)


@dataclass
class AnnexGroup:
    title: str
    recommendations: list[AnnexRecommendation]


@dataclass
class Annex:
    cycle: ReportingCycle
    group_by: str
    groups: list[AnnexGroup]
    recommendations: list[AnnexRecommendation]
    generated_at: datetime.datetime

    @property
    def cover(self) -> list[tuple[str, str]]:
        """The cover table's rows: label, value."""
        cycle = self.cycle
        items = self.recommendations
        actions = {a.reference: a for item in items for a in item.actions}
        target = cycle.cabinet_target_date
        return [
            (_("Reporting cycle"), f"{cycle.code} — {cycle.name}"),
            (_("Body"), cycle.body.name),
            (_("Date received"), nz_date(cycle.received_on)),
            (_("Cabinet target"), nz_date(target)),
            (_("Recommendations"), str(len(items))),
            (_("Prioritised"), str(sum(item.prioritised for item in items))),
            (
                _("With an action proposed"),
                str(sum(item.answer == Response.ACTION for item in items)),
            ),
            (
                _("No action proposed"),
                str(sum(item.answer == Response.NO_ACTION for item in items)),
            ),
            (
                _("Awaiting a response"),
                str(sum(item.answer == Response.AWAITING for item in items)),
            ),
            (_("Actions proposed"), str(len(actions))),
            (
                _("of which work underway"),
                str(sum(action.underway for action in actions.values())),
            ),
            (_("of which new"), str(sum(not a.underway for a in actions.values()))),
            (
                _("Grouped by"),
                _("human rights issue") if self.group_by == "issue" else _("agency"),
            ),
            (_("Compiled"), nz_datetime(self.generated_at)),
        ]


def _latest(obj):
    """What an editor sees of ``obj``: its draft, or its row."""
    return obj.get_latest_revision_as_object() if obj.has_unpublished_changes else obj


def compile_annex(*, cycle: ReportingCycle, group_by: str = "issue") -> Annex:
    """The compiled response of ``cycle``, grouped by ``issue`` or ``agency``.

    Each recommendation appears under each of its human-rights issues (or
    responsible agencies), and under "No human rights issue" ("No responsible
    agency") when it has none; groups are in alphabetical order, that one
    last. Raises ``ValueError`` for another ``group_by``.
    """
    if group_by not in GROUP_BY:
        raise ValueError(
            f"cannot group by {group_by!r}; choose one of {', '.join(GROUP_BY)}"
        )
    rows = list(
        Recommendation.objects.filter(cycle=cycle)
        .select_related("cycle__body")
        .order_by("reference", "pk")
    )
    # The board's rows: what answers each recommendation and its state.
    board = {item.recommendation.pk: item for item in board_rows(cycle)}
    items = []
    for row in rows:
        latest = _latest(row)
        answers = board[row.pk]
        actions = []
        for proposed in answers.actions:
            content = _latest(proposed.action)
            actions.append(
                AnnexAction(
                    reference=content.reference,
                    title=content.title,
                    lead_agency=content.lead_agency.code if content.lead_agency else "",
                    underway=content.pre_existing,
                    state=state_of(proposed.action),
                )
            )
        actions.sort(key=lambda action: action.reference)
        items.append(
            AnnexRecommendation(
                reference=latest.reference,
                text=latest.text,
                prioritised=latest.prioritised,
                no_action_reason=latest.no_action_reason.strip(),
                agencies=sorted(
                    agency.name for agency in latest.responsible_agencies.all()
                ),
                issues=sorted(str(issue) for issue in latest.issues.all()),
                state=state_of(row),
                actions=actions,
                answer=response_of(answers),
            )
        )
    return Annex(
        cycle=cycle,
        group_by=group_by,
        groups=group_recommendations(items, group_by),
        recommendations=items,
        generated_at=timezone.now(),
    )


def group_recommendations(items, group_by) -> list[AnnexGroup]:
    """``items`` (with ``issues`` or ``agencies``: lists of names) under each
    of their issues or agencies, alphabetically, "No human rights issue" ("No
    responsible agency") last; the annex's and the mid-term report's grouping."""
    groups = defaultdict(list)
    none_label = (
        _("No human rights issue")
        if group_by == "issue"
        else _("No responsible agency")
    )
    for item in items:
        keys = item.issues if group_by == "issue" else item.agencies
        for key in keys or [none_label]:
            groups[key].append(item)
    titles = sorted(title for title in groups if title != none_label)
    if none_label in groups:
        titles.append(none_label)
    return [AnnexGroup(title=title, recommendations=groups[title]) for title in titles]
