"""The Monitor's Word layout, shared by the Cabinet annex (``importers.annex``)
and the reports for the UN (``importers.un_report_docx``).

A4 with 2 cm margins (landscape for wide tables), 10 pt body text, tables in
Word's "Table Grid" style with a bold header row, and cover tables of label
and value. Written with python-docx: the files open cleanly in Word and
LibreOffice.
"""

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def new_document(*, title: str, author: str = "", landscape: bool = True):
    """An empty document with the page, margins, font and properties set."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = title
    document.core_properties.author = author
    return document


def set_lines(cell, lines) -> None:
    """``lines`` in ``cell``, one paragraph each (an empty cell for none)."""
    lines = [str(line) for line in lines] or [""]
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _bold(cell) -> None:
    for run in cell.paragraphs[0].runs:
        run.bold = True


def add_cover_table(document, rows) -> None:
    """A two-column table of ``(label, value)`` rows, the labels bold."""
    cover = document.add_table(rows=0, cols=2)
    cover.style = "Table Grid"
    for label, value in rows:
        cells = cover.add_row().cells
        cells[0].text = str(label)
        cells[1].text = str(value)
        _bold(cells[0])


def add_table(document, header, rows) -> None:
    """A table with a bold ``header`` row; each cell of ``rows`` is a string
    or a list of lines (one paragraph each)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(label)
        _bold(cell)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            set_lines(cell, value if isinstance(value, list | tuple) else [value])


def add_warning(document, text: str) -> None:
    """A paragraph that starts with a bold "Warning:"."""
    from django.utils.translation import gettext as _

    paragraph = document.add_paragraph()
    paragraph.add_run(_("Warning:")).bold = True
    paragraph.add_run(f" {text}")
