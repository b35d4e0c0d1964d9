"""Exports with the templates' columns, as CSV and XLSX, and the templates.

An export of the admin's content (the latest drafts) imported again changes
nothing: the same columns, the same spellings (codes and slugs), and cells a
spreadsheet would run as formulas are neutralised with a leading apostrophe,
which the importer removes again.
"""

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from content_models.models import Indicator

from . import public_columns
from .kinds import KINDS, get_kind
from .kinds.base import Context
from .state import load_rows, snapshot

CHUNK = 1000
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Excel's number format for 6 Dec 2026.
XLSX_DATE_FORMAT = "d mmm yyyy"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula.

    A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return (after any apostrophes) gets one more apostrophe in front; the
    importer takes exactly one off, so the value survives a round trip.
    """
    return "'" + text if _FORMULA_START.match(text) else text


def header(kind_name: str) -> list[str]:
    return [column.name for column in get_kind(kind_name).columns]


def published_queryset(kind_name: str):
    """The published objects of ``kind_name``; an indicator also needs its
    action published."""
    model = KINDS[kind_name].model
    queryset = model._default_manager.live()
    if model is Indicator:
        queryset = queryset.filter(action__live=True)
    return queryset


def export_rows(
    kind_name: str, objects, *, published: bool = False
) -> Iterator[list[str]]:
    """The header, then one row per object, in the order of ``objects`` (a
    queryset, read in chunks, or any iterable of objects), neutralised.

    ``published=False`` exports what editors see (the latest draft of each
    object) in the template's columns; ``published=True`` exports the
    published rows, with relations to published objects only, and adds the
    public columns (names beside codes: :mod:`.public_columns`).
    """
    kind = get_kind(kind_name)
    context = Context(kind.model)
    names = kind.field_names()
    columns = {column.name: column for column in kind.columns}
    if published:
        layout = public_columns.layout(kind_name, list(columns))
    else:
        layout = [(name, name) for name in columns]
    yield [name for name, _source in layout]
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=CHUNK)
    chunk = []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield from _rows(kind, context, names, chunk, published, columns, layout)
            chunk = []
    if chunk:
        yield from _rows(kind, context, names, chunk, published, columns, layout)


def _rows(kind, context, names, objects, published, columns, layout):
    states = load_rows(kind.model, objects, draft=not published)
    extra = public_columns.chunk_extra(kind.name, objects) if published else {}
    for obj in objects:
        values = snapshot(kind.model, states[obj.pk].content, names)
        values["pk"] = obj.pk
        cells = []
        for _name, source in layout:
            if isinstance(source, str):
                column = columns[source]
                text = column.export(values.get(column.field), context)
            else:
                text = source.value(values, context, extra)
            cells.append(neutralise(text or ""))
        yield cells


class _Echo:
    def write(self, value):
        return value


def csv_stream(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text, UTF-8 with a BOM so that Excel reads accents correctly."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8.decode("utf-8")
    for row in rows:
        yield writer.writerow(row)


def write_csv(rows: Iterable[list[str]], stream) -> None:
    """Write CSV bytes to a binary ``stream``."""
    for text in csv_stream(rows):
        stream.write(text.encode("utf-8"))


def write_xlsx(rows: Iterable[list[str]], stream, *, help_rows=None) -> None:
    """An XLSX workbook of ``rows`` (first row bold) on its first sheet.

    Every cell is text, except an ISO date (``2026-12-06``), which becomes a
    date cell shown as New Zealand writes it (``6 Dec 2026``). The importer
    reads a date cell as that date, and a text column as its ISO text, so the
    workbook imports again unchanged.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Data"))
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            day = _iso_date(value) if number else None
            if day:
                cell = WriteOnlyCell(sheet, value=day)
                cell.number_format = XLSX_DATE_FORMAT
            else:
                cell = WriteOnlyCell(sheet, value=value)
                # Never a formula, whatever the text.
                cell.data_type = "s"
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    if help_rows:
        notes = workbook.create_sheet(_("Columns"))
        for row in help_rows:
            notes.append(row)
    workbook.save(stream)


def _iso_date(text: str) -> datetime.date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def xlsx_bytes(rows, *, help_rows=None) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, help_rows=help_rows)
    return buffer.getvalue()


def template_rows(kind_name: str) -> list[list[str]]:
    """The template: the header and the example row the importer ignores."""
    kind = get_kind(kind_name)
    return [header(kind_name), [neutralise(value) for value in kind.example_row()]]


def template_help(kind_name: str) -> list[list[str]]:
    kind = get_kind(kind_name)
    rows = [[_("column"), _("required"), _("what it holds")]]
    for column in kind.columns:
        rows.append(
            [
                column.name,
                _("yes") if column.required else "",
                str(column.help or _field_help(kind.model, column.field)),
            ]
        )
    rows.append([])
    rows.append(
        [
            _("Notes"),
            "",
            _(
                "The row whose reference is EXAMPLE is ignored. Lists inside a cell "
                "are separated by ;. Dates are YYYY-MM-DD, booleans yes or no. A "
                "column left out keeps its values; an empty cell clears the value."
            ),
        ]
    )
    return rows


def _field_help(model, name) -> str:
    if not name:
        return ""
    field = model._meta.get_field(name)
    return str(field.help_text or field.verbose_name).rstrip(".") + "."
