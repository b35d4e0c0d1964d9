"""Read the first sheet of an XLSX workbook quickly, whatever its blank tail.

openpyxl walks every row a workbook declares; LibreOffice saves sheets with a
million formatted blank rows, which takes half a minute to walk. A quick scan of
the sheet's XML finds the last row that holds a value, and reading stops there.
"""

import datetime
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from .cells import Formula, clean_text_cell
from .errors import file_problem
from .limits import check_unzipped_size

_TOKEN = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"|<(?:\w+:)?(?:v|is|f)[\s>/]')
_TAIL = 4096


def last_data_row(archive: zipfile.ZipFile, member: str) -> int:
    """The number of the last row of ``member`` (a sheet's XML) with a value."""
    last = current = 0
    pending = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(1 << 20)
            data = pending + chunk
            limit = len(data) - _TAIL if chunk else len(data)
            for match in _TOKEN.finditer(data):
                if match.start() >= limit:
                    break
                if match.group(1) is not None:
                    current = int(match.group(1))
                else:
                    last = max(last, current)
            if not chunk:
                return last
            pending = data[max(limit, 0) :]


@dataclass
class Sheet:
    title: str
    workbook: Any
    worksheet: Any
    last_row: int
    read: int = 0

    def rows(self):
        try:
            rows = self.worksheet.iter_rows(max_row=self.last_row or 1)
            for number, cells in enumerate(rows, start=1):
                self.read = number
                yield number, [cell_value(cell) for cell in cells]
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise file_problem(
                _("the file is damaged: it is not a readable workbook.")
            ) from error
        finally:
            self.workbook.close()

    def progress(self) -> float:
        return min(1.0, self.read / max(self.last_row, 1))


def cell_value(cell):
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return clean_text_cell(value)
    return str(value)


def open_first_sheet(source) -> Sheet:
    """The first worksheet of ``source``, ready to stream its rows.

    Raises ``FileRefused`` before anything is inflated when the workbook is
    too large once unzipped.
    """
    stream = source.opener()
    try:
        with zipfile.ZipFile(stream) as archive:
            check_unzipped_size(archive)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, OSError) as error:
        raise file_problem(
            _("this is a ZIP archive but not an Excel workbook (.xlsx).")
        ) from error
    if not workbook.worksheets:
        raise file_problem(_("the workbook has no worksheet."))
    worksheet = workbook.worksheets[0]
    # A wrong <dimension> in the file would otherwise cut the rows short.
    worksheet.reset_dimensions()
    last = last_data_row(workbook._archive, worksheet._worksheet_path)
    return Sheet(
        title=worksheet.title, workbook=workbook, worksheet=worksheet, last_row=last
    )
