"""The Cabinet paper's annex: a cycle's compiled response, as Word and XLSX.

The lead agency compiles the response to a cycle's recommendations for
Ministerial and Cabinet consideration: which recommendations to prioritise,
the actions proposed for each (work already underway, i.e. pre-existing, or
new) and why no action is proposed where none is. The annex is that
compilation (``workflows.cabinet.compile_annex``: drafts included and marked
as such), grouped by human-rights issue or by responsible agency, after a
cover table (the cycle, the body, the date received, the counts and the
Cabinet target); ``write_docx`` and ``write_xlsx`` lay it out.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content_models.models import ReportingCycle
from workflows.cabinet import GROUP_BY, Annex, AnnexRecommendation, compile_annex
from workflows.response import Response

from .docx_layout import DOCX_CONTENT_TYPE, add_cover_table, add_table, new_document

__all__ = [
    "DOCX_CONTENT_TYPE",
    "GROUP_BY",
    "compile_annex",
    "write",
    "write_docx",
    "write_xlsx",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def title_of(annex: Annex) -> str:
    return _("Annex: response to the recommendations of %(cycle)s") % {
        "cycle": annex.cycle.code
    }


def filename(cycle: ReportingCycle, group_by: str, extension: str) -> str:
    return f"cabinet-annex-{cycle.code}-by-{group_by}.{extension}"


# --- Word -------------------------------------------------------------------

RECOMMENDATION_COLUMNS = (
    gettext_lazy("Ref."),
    gettext_lazy("Recommendation"),
    gettext_lazy("Priority"),
    gettext_lazy("Proposed response"),
    gettext_lazy("Status"),
)


def _response_lines(item: AnnexRecommendation) -> list[str]:
    """The "Proposed response" cell: as the board derives it
    (``item.answer``), then every action answering it."""
    actions = [
        f"{action.reference} {action.title} — {action.kind}"
        + (f" ({action.lead_agency})" if action.lead_agency else "")
        + (f" [{action.state}]" if action.state != _("Published") else "")
        for action in item.actions
    ]
    if item.answer == Response.ACTION:
        return actions
    if item.answer == Response.AWAITING:
        return [_("Awaiting a response")]
    if not item.no_action_reason:
        return [_("No action proposed"), *actions]
    return [
        _("No action proposed: %(reason)s") % {"reason": item.no_action_reason},
        *actions,
    ]


def write_docx(annex: Annex, target) -> None:
    """Write ``annex`` as a Word document to ``target`` (a path or a file)."""
    lead = annex.cycle.body.lead_agency
    document = new_document(title=title_of(annex), author=lead.name if lead else "")
    document.add_heading(title_of(annex), level=1)
    add_cover_table(document, annex.cover)
    document.add_paragraph(
        _(
            "Items marked as a draft are not published: they are proposals for "
            "Cabinet's consideration. Work underway is an action already on an "
            "agency's work programme; new is an action proposed in response."
        )
    )
    for group in annex.groups:
        document.add_heading(group.title, level=2)
        add_table(
            document,
            RECOMMENDATION_COLUMNS,
            [
                [
                    item.reference,
                    item.text,
                    _("Prioritised") if item.prioritised else "",
                    _response_lines(item),
                    item.state,
                ]
                for item in group.recommendations
            ],
        )
    document.save(target)


# --- XLSX -------------------------------------------------------------------

XLSX_COLUMNS = (
    gettext_lazy("Group"),
    gettext_lazy("Recommendation"),
    gettext_lazy("Text"),
    gettext_lazy("Recommendation status"),
    gettext_lazy("Prioritised"),
    gettext_lazy("Responsible agencies"),
    gettext_lazy("Human rights issues"),
    gettext_lazy("Response"),
    gettext_lazy("No action reason"),
    gettext_lazy("Action"),
    gettext_lazy("Action title"),
    gettext_lazy("Work underway or new"),
    gettext_lazy("Action lead agency"),
    gettext_lazy("Action status"),
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
