"""The UPR mid-term report: key developments since the recommendations arrived.

For a Universal Periodic Review cycle, from its date received to the day it
is compiled, per human-rights issue of the recommendations (alphabetical,
"No human rights issue" last; a recommendation with two issues under both):
the actions by status, those started (in progress) or completed, the
progress reports published in the period, and the recommendations still
without an action.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content_models.models import ProgressStatus

from ..cabinet import group_recommendations
from ..formatting import nz_date
from .base import (
    CycleContent,
    Heading,
    Paragraph,
    Report,
    ReportError,
    Shown,
    Table,
    names,
    published_on,
)

KIND = "mid-term"
STARTED = (ProgressStatus.IN_PROGRESS, ProgressStatus.COMPLETED)

ACTION_COLUMNS = (
    gettext_lazy("Action"),
    gettext_lazy("Lead agency"),
    gettext_lazy("Status"),
)
REPORT_COLUMNS = (
    gettext_lazy("Published"),
    gettext_lazy("Action"),
    gettext_lazy("Progress report"),
)


@dataclass
class _Item:
    shown: Shown
    issues: list[str]


def status_counts(actions) -> str:
    """``In preparation: 1; In progress: 2; Completed: 0``."""
    return "; ".join(
        f"{status.label}: "
        f"{sum(a.content.progress_status == status.value for a in actions)}"
        for status in ProgressStatus
    )


def _unique(actions) -> list[Shown]:
    seen = {}
    for action in actions:
        seen.setdefault(action.item.pk, action)
    return sorted(seen.values(), key=lambda action: action.content.reference)


def _section(content, group, since) -> list:
    actions = _unique(
        action
        for item in group.recommendations
        for action in content.actions_of[item.shown.item.pk]
    )
    blocks = [
        Heading(group.title),
        Paragraph(
            _("Actions by status: %(counts)s.") % {"counts": status_counts(actions)}
        ),
        Heading(_("Actions started or completed"), level=3),
    ]
    started = [a for a in actions if a.content.progress_status in STARTED]
    if started:
        rows = [
            [
                action.mark(f"{action.content.reference} {action.content.title}"),
                action.content.lead_agency.name if action.content.lead_agency else "",
                action.content.get_progress_status_display(),
            ]
            for action in started
        ]
        blocks.append(Table([str(column) for column in ACTION_COLUMNS], rows))
    else:
        blocks.append(Paragraph(_("None yet.")))
    blocks.append(Heading(_("Progress reports published in the period"), level=3))
    reports = sorted(
        (
            (report, action)
            for action in actions
            for report in content.reports(action.item, since=since)
        ),
        key=lambda pair: (pair[0].first_published_at, pair[0].pk),
    )
    if reports:
        rows = [
            [published_on(report), action.content.reference, report.title]
            for report, action in reports
        ]
        blocks.append(Table([str(column) for column in REPORT_COLUMNS], rows))
    else:
        blocks.append(Paragraph(_("None in the period.")))
    blocks.append(Heading(_("Recommendations still without an action"), level=3))
    waiting = [
        f"{item.shown.mark(item.shown.content.reference)} {item.shown.content.text}"
        for item in group.recommendations
        if not content.actions_of[item.shown.item.pk]
    ]
    blocks += [Paragraph(line) for line in waiting] or [
        Paragraph(_("Every recommendation has an action."))
    ]
    return blocks


def build(content: CycleContent) -> Report:
    cycle = content.cycle
    since = cycle.received_on
    if since is None:
        raise ReportError(
            _("%(cycle)s has no date received: the mid-term report starts from it.")
            % {"cycle": cycle.code}
        )
    today = timezone.localdate(content.generated_at)
    items = [
        _Item(shown, names(shown.content.issues)) for shown in content.recommendations
    ]
    blocks = []
    for group in group_recommendations(items, "issue"):
        blocks += _section(content, group, since)
    actions = content.actions
    reports = [r for a in actions for r in content.reports(a.item, since=since)]
    cover = [
        (
            _("Period"),
            _("%(start)s to %(end)s")
            % {"start": nz_date(since), "end": nz_date(today)},
        ),
        (_("Recommendations"), str(len(items))),
        (_("Actions"), str(len(actions))),
        *[
            (
                str(status.label),
                str(sum(a.content.progress_status == status.value for a in actions)),
            )
            for status in ProgressStatus
        ],
        (_("Progress reports published in the period"), str(len(reports))),
        (
            _("Recommendations without an action"),
            str(sum(not content.actions_of[i.shown.item.pk] for i in items)),
        ),
    ]
    return content.report(
        kind=KIND,
        title=_("Mid-term report on the recommendations of %(cycle)s")
        % {"cycle": cycle.code},
        cover=cover,
        blocks=blocks,
    )
