"""The Cabinet paper's annex: a cycle's compiled response, as Word and XLSX.

The lead agency compiles the response to a cycle's recommendations for
Ministerial and Cabinet consideration: which recommendations to prioritise,
the actions proposed for each (work already underway, i.e. pre-existing, or
new) and why no action is proposed where none is. The annex is that
compilation, grouped by human-rights issue or by responsible agency, after a
cover table (the cycle, the body, the date received, the counts and the
Cabinet target).

It is a working document of the lead agency, not a publication: it reads the
latest content of each item (``get_latest_revision_as_object()``, what an
editor sees in the admin), drafts included, and marks every item that is not
published as it stands ("Draft", "Awaiting approval"). ``compile_annex``
gathers the content once; ``write_docx`` and ``write_xlsx`` lay it out.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from content_models.models import Action, Recommendation, ReportingCycle

GROUP_BY = ("issue", "agency")

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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

    @property
    def response(self) -> str:
        """Where it stands: actions proposed, no action proposed, or awaiting."""
        if self.actions:
            return _("Action proposed")
        if self.no_action_reason:
            return _("No action proposed")
        return _("Awaiting a response")


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
                str(sum(bool(item.actions) for item in items)),
            ),
            (
                _("No action proposed"),
                str(
                    sum(
                        not item.actions and bool(item.no_action_reason)
                        for item in items
                    )
                ),
            ),
            (
                _("Awaiting a response"),
                str(
                    sum(
                        not item.actions and not item.no_action_reason for item in items
                    )
                ),
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


def nz_date(day) -> str:
    """``6 Dec 2026`` (the site's ``DATE_FORMAT``); an em dash for no date."""
    return date_format(day, "DATE_FORMAT") if day else "—"


def nz_datetime(moment) -> str:
    """``6 December 2026 3:52 pm`` in the site's time zone."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def state_of(item) -> str:
    """How far ``item`` is from the public: published, or a kind of draft."""
    if item.live and not item.has_unpublished_changes:
        return _("Published")
    state = item.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return _("Draft — awaiting approval")
    if state is not None:
        return _("Draft — sent back for changes")
    if item.live:
        return _("Published, with a draft change")
    return _("Draft")


def _proposed_actions(recommendations) -> dict[int, list]:
    """Recommendation pk → the latest content of the actions answering it.

    An action answers a recommendation in its latest content: its row for a
    new draft or a published action without changes, its latest revision when
    a draft changes it (a proposal to link it, or to unlink it, counts as
    proposed until decided).
    """
    ids = {item.pk for item in recommendations}
    candidates = {
        action.pk: action
        for action in Action.objects.filter(recommendations__in=ids).distinct()
    }
    for action in Action.objects.filter(has_unpublished_changes=True):
        candidates.setdefault(action.pk, action)
    answering = defaultdict(list)
    for action in candidates.values():
        latest = (
            action.get_latest_revision_as_object()
            if action.has_unpublished_changes
            else action
        )
        linked = {item.pk for item in latest.recommendations.all()} & ids
        for pk in linked:
            answering[pk].append((action, latest))
    return answering


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
    answering = _proposed_actions(rows)
    items = []
    for row in rows:
        latest = (
            row.get_latest_revision_as_object() if row.has_unpublished_changes else row
        )
        actions = sorted(
            (
                AnnexAction(
                    reference=content.reference,
                    title=content.title,
                    lead_agency=content.lead_agency.code if content.lead_agency else "",
                    underway=content.pre_existing,
                    state=state_of(action),
                )
                for action, content in answering.get(row.pk, [])
            ),
            key=lambda action: action.reference,
        )
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
            )
        )
    return Annex(
        cycle=cycle,
        group_by=group_by,
        groups=_group(items, group_by),
        recommendations=items,
        generated_at=timezone.now(),
    )


def _group(items, group_by) -> list[AnnexGroup]:
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


def title_of(annex: Annex) -> str:
    return _("Annex: response to the recommendations of %(cycle)s") % {
        "cycle": annex.cycle.code
    }


def filename(cycle: ReportingCycle, group_by: str, extension: str) -> str:
    return f"cabinet-annex-{cycle.code}-by-{group_by}.{extension}"


# --- Word -------------------------------------------------------------------

RECOMMENDATION_COLUMNS = (
    _("Ref."),
    _("Recommendation"),
    _("Priority"),
    _("Proposed response"),
    _("Status"),
)


def _response_lines(item: AnnexRecommendation) -> list[str]:
    if item.actions:
        return [
            f"{action.reference} {action.title} — {action.kind}"
            + (f" ({action.lead_agency})" if action.lead_agency else "")
            + (f" [{action.state}]" if action.state != _("Published") else "")
            for action in item.actions
        ]
    if item.no_action_reason:
        return [_("No action proposed: %(reason)s") % {"reason": item.no_action_reason}]
    return [_("Awaiting a response")]


def write_docx(annex: Annex, target) -> None:
    """Write ``annex`` as a Word document to ``target`` (a path or a file)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = title_of(annex)
    document.core_properties.author = (
        annex.cycle.body.lead_agency.name if (annex.cycle.body.lead_agency) else ""
    )

    document.add_heading(title_of(annex), level=1)
    cover = document.add_table(rows=0, cols=2)
    cover.style = "Table Grid"
    for label, value in annex.cover:
        cells = cover.add_row().cells
        cells[0].text = label
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True
    document.add_paragraph(
        _(
            "Items marked as a draft are not published: they are proposals for "
            "Cabinet's consideration. Work underway is an action already on an "
            "agency's work programme; new is an action proposed in response."
        )
    )

    for group in annex.groups:
        document.add_heading(group.title, level=2)
        table = document.add_table(rows=1, cols=len(RECOMMENDATION_COLUMNS))
        table.style = "Table Grid"
        for cell, label in zip(
            table.rows[0].cells, RECOMMENDATION_COLUMNS, strict=True
        ):
            cell.text = str(label)
            cell.paragraphs[0].runs[0].bold = True
        for item in group.recommendations:
            cells = table.add_row().cells
            cells[0].text = item.reference
            cells[1].text = item.text
            cells[2].text = _("Prioritised") if item.prioritised else ""
            lines = _response_lines(item)
            cells[3].text = lines[0]
            for line in lines[1:]:
                cells[3].add_paragraph(line)
            cells[4].text = item.state
    document.save(target)


# --- XLSX -------------------------------------------------------------------

XLSX_COLUMNS = (
    _("Group"),
    _("Recommendation"),
    _("Text"),
    _("Recommendation status"),
    _("Prioritised"),
    _("Responsible agencies"),
    _("Human rights issues"),
    _("Response"),
    _("No action reason"),
    _("Action"),
    _("Action title"),
    _("Work underway or new"),
    _("Action lead agency"),
    _("Action status"),
)


def xlsx_rows(annex: Annex):
    """The annex sheet's rows: one per recommendation and proposed action
    (one row with empty action cells when none is proposed)."""
    for group in annex.groups:
        for item in group.recommendations:
            common = [
                group.title,
                item.reference,
                item.text,
                item.state,
                _("yes") if item.prioritised else _("no"),
                "; ".join(item.agencies),
                "; ".join(item.issues),
                item.response,
                item.no_action_reason,
            ]
            if not item.actions:
                yield [*common, "", "", "", "", ""]
            for action in item.actions:
                yield [
                    *common,
                    action.reference,
                    action.title,
                    action.kind,
                    action.lead_agency,
                    action.state,
                ]


def write_xlsx(annex: Annex, target) -> None:
    """Write ``annex`` as a workbook to ``target``: a cover sheet and an
    annex sheet (cells a spreadsheet would run as formulas neutralised)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .exporting import neutralise

    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Cover")
    cover.append([title_of(annex)])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([])
    for label, value in annex.cover:
        cover.append([label, value])
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 60

    sheet = workbook.create_sheet(_("Annex"))
    sheet.append([str(label) for label in XLSX_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in xlsx_rows(annex):
        sheet.append([neutralise(str(value)) for value in row])
    sheet.freeze_panes = "C2"
    widths = (28, 12, 60, 24, 11, 30, 30, 20, 40, 12, 40, 18, 12, 24)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(target)


def write(annex: Annex, target, *, extension: str) -> None:
    """Write ``annex`` as ``docx`` or ``xlsx``."""
    if extension == "docx":
        write_docx(annex, target)
    elif extension == "xlsx":
        write_xlsx(annex, target)
    else:
        raise ValueError(f"cannot write an annex as .{extension}; use .docx or .xlsx")
