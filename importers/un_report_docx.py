"""The reports for the UN as Word documents (``workflows.un_report``).

The title, the cover table, then the report's blocks in order: headings,
paragraphs, tables and warnings (a bold "Warning:"), in the layout the
Cabinet annex uses (``importers.docx_layout``).
"""

from workflows.un_report import Report
from workflows.un_report.base import Heading, Paragraph, Table, Warning

from .docx_layout import (
    DOCX_CONTENT_TYPE,
    add_cover_table,
    add_table,
    add_warning,
    new_document,
)

__all__ = ["DOCX_CONTENT_TYPE", "filename", "write_docx"]


def filename(report: Report) -> str:
    drafts = "-with-drafts" if report.include_drafts else ""
    return f"{report.kind}-{report.cycle.code}{drafts}.docx"


def write_docx(report: Report, target) -> None:
    """Write ``report`` as a Word document to ``target`` (a path or a file)."""
    lead = report.cycle.body.lead_agency
    document = new_document(
        title=report.title,
        author=lead.name if lead else "",
        landscape=report.landscape,
    )
    document.add_heading(report.title, level=1)
    add_cover_table(document, report.cover)
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Warning):
            add_warning(document, block.text)
        elif isinstance(block, Table):
            add_table(document, block.header, block.rows)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        else:
            raise TypeError(f"no layout for {block!r}")
    document.save(target)
