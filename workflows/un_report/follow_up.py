"""The one-year update on a cycle's follow-up recommendations.

Treaty bodies ask for information on a few recommendations (at most four,
``Recommendation.follow_up``) within 12 or 18 months
(``ReportingCycle.follow_up_months``; the due date is on the cover). For each:
its actions with their status and latest published progress report, or why
no action is proposed; the committee's grade (A–E) once it has graded the
update. The length is estimated in pages (``FOLLOW_UP_WORDS_PER_PAGE`` words a
page) against the page budget (the cycle's ``follow_up_page_budget``, else
``settings.FOLLOW_UP_PAGE_BUDGET``), with a warning when over.
"""

import math

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..formatting import nz_date
from .base import (
    CycleContent,
    Heading,
    Paragraph,
    Report,
    Table,
    Warning,
    plain,
    published_on,
)

KIND = "follow-up"
DEFAULT_PAGE_BUDGET = 10
DEFAULT_WORDS_PER_PAGE = 500

COLUMNS = (
    gettext_lazy("Action"),
    gettext_lazy("Lead agency"),
    gettext_lazy("Status"),
    gettext_lazy("Latest published progress report"),
)


def page_budget(cycle) -> int:
    if cycle.follow_up_page_budget:
        return cycle.follow_up_page_budget
    return int(getattr(settings, "FOLLOW_UP_PAGE_BUDGET", DEFAULT_PAGE_BUDGET))


def words_per_page() -> int:
    return int(getattr(settings, "FOLLOW_UP_WORDS_PER_PAGE", DEFAULT_WORDS_PER_PAGE))


def pages_for(words: int) -> int:
    return max(1, math.ceil(words / words_per_page()))


def length_line(words: int, pages: int, budget: int) -> str:
    return _(
        "Estimated length: %(pages)s of %(budget)s pages (%(words)s words at "
        "%(per_page)s words a page)."
    ) % {
        "pages": pages,
        "budget": budget,
        "words": f"{words:,}",
        "per_page": f"{words_per_page():,}",
    }


def over_line(pages: int, budget: int) -> str:
    return ngettext(
        "The update is estimated at %(pages)s pages, %(over)s page over the page "
        "budget of %(budget)s: shorten it before it is sent.",
        "The update is estimated at %(pages)s pages, %(over)s pages over the "
        "page budget of %(budget)s: shorten it before it is sent.",
        pages - budget,
    ) % {"pages": pages, "over": pages - budget, "budget": budget}


def _latest_report(content, action) -> list[str]:
    reports = content.reports(action)
    if not reports:
        return [_("No progress report published yet.")]
    report = reports[0]
    lines = [
        _("%(title)s (published %(date)s)")
        % {"title": report.title, "date": published_on(report)}
    ]
    text = plain(report.body)
    return [*lines, text] if text else lines


def _recommendation_blocks(content, shown) -> list:
    item = shown.content
    blocks = [
        Heading(
            shown.mark(
                _("Recommendation %(reference)s") % {"reference": item.reference}
            )
        ),
        Paragraph(item.text),
        Paragraph(
            _("Committee's grade: %(grade)s")
            % {"grade": item.get_follow_up_grade_display()}
            if item.follow_up_grade
            else _("Committee's grade: not graded yet.")
        ),
    ]
    actions = content.actions_of[shown.item.pk]
    if actions:
        rows = [
            [
                action.mark(f"{action.content.reference} {action.content.title}"),
                action.content.lead_agency.name if action.content.lead_agency else "",
                action.content.get_progress_status_display(),
                _latest_report(content, action.item),
            ]
            for action in actions
        ]
        blocks.append(Table([str(column) for column in COLUMNS], rows))
    elif item.no_action_reason.strip():
        blocks.append(
            Paragraph(
                _("No action is proposed: %(reason)s")
                % {"reason": item.no_action_reason.strip()}
            )
        )
    else:
        blocks.append(
            Paragraph(_("No action is proposed, and no explanation is recorded yet."))
        )
    return blocks


def build(content: CycleContent) -> Report:
    cycle = content.cycle
    chosen = [shown for shown in content.recommendations if shown.content.follow_up]
    blocks = []
    for shown in chosen:
        blocks += _recommendation_blocks(content, shown)
    if not chosen:
        blocks.append(
            Paragraph(_("The committee asked for no follow-up on this cycle."))
        )
    budget = page_budget(cycle)
    cover = [
        (_("Follow-up due"), nz_date(cycle.follow_up_due_date)),
        (_("Follow-up recommendations"), str(len(chosen))),
        (
            _("Graded"),
            str(sum(bool(shown.content.follow_up_grade) for shown in chosen)),
        ),
        (_("Page budget"), str(budget)),
    ]
    report = content.report(
        kind=KIND,
        title=_("Follow-up report on the recommendations of %(cycle)s")
        % {"cycle": cycle.code},
        cover=cover,
        blocks=blocks,
    )
    words = report.words()
    pages = pages_for(words)
    report.summary = length_line(words, pages, budget)
    report.blocks.append(Paragraph(report.summary))
    if pages > budget:
        report.warnings.append(over_line(pages, budget))
        report.blocks.append(Warning(report.warnings[-1]))
    return report
