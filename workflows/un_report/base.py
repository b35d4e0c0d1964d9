"""What every report for the UN shares: its blocks, and the cycle's content.

A report is a cover table and a list of blocks (headings, paragraphs,
warnings, tables) that ``importers.un_report_docx`` lays out as Word. Each
kind (``upr_response``, ``follow_up``, ``mid_term``) builds one from
``CycleContent``: the published content of a cycle — each published item's
row, which is its published content — and, with ``include_drafts``, the
drafts the lead agency approved (``workflows.actions.agreed_content``: awaiting
its approval, or its own drafts), in their latest content and marked
"(draft)". A contributor's draft never submitted, or one sent back for
changes, never appears; neither does a progress report before publication.
"""

import datetime
import html
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from content_models.models import Action, ProgressReport, Recommendation

from ..actions.cabinet import agreed_content
from ..formatting import nz_date, nz_datetime, word_count


class ReportError(ValueError):
    """A report that cannot be made (another kind, or a cycle it does not fit)."""


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Paragraph:
    text: str


@dataclass
class Warning:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list]  # each cell a string or a list of lines


@dataclass
class Report:
    kind: str
    title: str
    cycle: object
    cover: list[tuple[str, str]]
    blocks: list
    include_drafts: bool
    landscape: bool = False
    warnings: list[str] = field(default_factory=list)
    summary: str = ""

    def words(self) -> int:
        """Every word of the document: title, cover, blocks."""
        texts = [self.title]
        texts += [f"{label} {value}" for label, value in self.cover]
        for block in self.blocks:
            if isinstance(block, Table):
                texts += block.header
                for row in block.rows:
                    for cell in row:
                        texts += cell if isinstance(cell, list) else [cell]
            else:
                texts.append(block.text)
        return sum(word_count(str(text)) for text in texts)


@dataclass
class Shown:
    """One item as the report shows it: its content and whether a draft."""

    item: object
    content: object
    draft: bool

    def mark(self, text: str) -> str:
        return f"{text} {_('(draft)')}" if self.draft else text


def plain(rich_text: str) -> str:
    """A rich text field's words, without markup."""
    return " ".join(html.unescape(strip_tags(rich_text or "")).split())


def names(related) -> list[str]:
    return sorted(str(getattr(item, "name", item)) for item in related.all())


class CycleContent:
    """The recommendations of ``cycle`` and the actions answering them, as
    published, or with the lead agency's approved drafts."""

    def __init__(self, cycle, *, include_drafts: bool = False):
        self.cycle = cycle
        self.include_drafts = include_drafts
        self.generated_at = timezone.now()
        approved = agreed_content(cycle=cycle) if include_drafts else []
        agreed = {(type(item), item.pk) for item in approved}
        self.recommendations = [
            shown
            for row in Recommendation.objects.filter(cycle=cycle).order_by(
                "reference", "pk"
            )
            if (shown := _shown(row, agreed)) is not None
        ]
        ids = {shown.item.pk for shown in self.recommendations}
        candidates = set(Action.objects.filter(recommendations__in=ids).distinct())
        candidates |= {item for item in approved if isinstance(item, Action)}
        self.actions_of = {pk: [] for pk in ids}
        self.actions = []
        for action in sorted(candidates, key=lambda item: (item.reference, item.pk)):
            shown = _shown(action, agreed)
            if shown is None:
                continue
            linked = {item.pk for item in shown.content.recommendations.all()} & ids
            if linked:
                self.actions.append(shown)
                for pk in linked:
                    self.actions_of[pk].append(shown)

    def reports(self, action, *, since: datetime.date | None = None):
        """Published progress reports on ``action``, newest first."""
        reports = ProgressReport.objects.filter(live=True, action=action)
        if since is not None:
            reports = reports.filter(first_published_at__date__gte=since)
        return list(reports.order_by("-first_published_at", "-pk"))

    def cover_start(self) -> list[tuple[str, str]]:
        cycle = self.cycle
        return [
            (_("Reporting cycle"), f"{cycle.code} — {cycle.name}"),
            (_("Body"), cycle.body.name),
            (_("Date received"), nz_date(cycle.received_on)),
        ]

    def cover_end(self) -> list[tuple[str, str]]:
        return [
            (
                _("Content"),
                _("Published, and drafts approved by the lead agency (marked draft)")
                if self.include_drafts
                else _("Published only"),
            ),
            (_("Compiled"), nz_datetime(self.generated_at)),
        ]

    def report(self, *, kind: str, title: str, cover, blocks, **extra) -> Report:
        """A report of this content: ``cover`` between the cycle's facts and
        the content's, ``blocks`` after the drafts' note (with drafts)."""
        return Report(
            kind=kind,
            title=title,
            cycle=self.cycle,
            cover=[*self.cover_start(), *cover, *self.cover_end()],
            blocks=[*self.blocks_start(), *blocks],
            include_drafts=self.include_drafts,
            **extra,
        )

    def blocks_start(self) -> list:
        if not self.include_drafts:
            return []
        return [
            Paragraph(
                _(
                    "This draft includes content the lead agency has approved but "
                    "not yet published: each such item is marked (draft)."
                )
            )
        ]


def _shown(item, agreed) -> Shown | None:
    if (type(item), item.pk) in agreed:
        return Shown(item, item.get_latest_revision_as_object(), True)
    if item.live:
        return Shown(item, item, False)
    return None


def published_on(report) -> str:
    return nz_date(timezone.localdate(report.first_published_at))
