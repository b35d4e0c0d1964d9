"""Limits that keep a hostile or broken file from exhausting memory.

A cell may hold at most ``MAX_CELL_LENGTH`` characters (Excel's own maximum),
the header at most ``MAX_COLUMNS`` columns, and an XLSX at most
``MAX_UNZIPPED_SIZE`` bytes once unzipped. Each refusal is a ``FileRefused``
that says where (row, column) and by how much.

The CSV reader is stopped by the ``csv`` module's own ``field_size_limit`` the
moment a field grows past the limit, so a huge field is never built; the
record's text is then scanned to say which column it was and how long it is.
"""

import csv
import zipfile

from django.utils.translation import gettext as _

from . import conf
from .errors import FileRefused, ImportProblem, file_problem
from .text import column_letter

FIELD_LIMIT_ERROR = "field larger than field limit"


def _number(value: int) -> str:
    return f"{value:,}"


def _megabytes(size: int) -> str:
    return _("%(size).1f MB") % {"size": size / (1024 * 1024)}


def cell_too_long(
    *, row: int, index: int, length: int, header: list[str] | None = None
) -> FileRefused:
    """The refusal of a cell of ``length`` characters at ``row``, column ``index``."""
    letter = column_letter(index)
    name = ""
    if header is not None and index < len(header):
        name = str(header[index] or "").strip()
    return FileRefused(
        ImportProblem(
            _(
                "the cell is %(length)s characters long; at most %(limit)s are "
                "allowed (Excel's own limit)."
            )
            % {
                "length": _number(length),
                "limit": _number(conf.get("MAX_CELL_LENGTH")),
            },
            row=row,
            column=name or letter,
            letter=letter,
        )
    )


def check_cells(number: int, cells: list, header: list[str] | None = None) -> None:
    """Refuse the first cell of row ``number`` longer than the limit."""
    limit = conf.get("MAX_CELL_LENGTH")
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > limit:
            raise cell_too_long(
                row=number, index=index, length=len(cell), header=header
            )


def check_header_width(header: list, header_row: int) -> None:
    """Refuse a header with more columns than ``MAX_COLUMNS`` (blank tail ignored)."""
    width = len(header)
    while width and (header[width - 1] is None or not str(header[width - 1]).strip()):
        width -= 1
    limit = conf.get("MAX_COLUMNS")
    if width > limit:
        raise FileRefused(
            ImportProblem(
                _(
                    "the header row has %(count)s columns; at most %(limit)s are "
                    "allowed. Keep the template's columns and delete the others."
                )
                % {"count": _number(width), "limit": _number(limit)},
                row=header_row,
            )
        )


def check_unzipped_size(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts add up to more than ``MAX_UNZIPPED_SIZE``.

    The sizes are the ones the zip declares; ``zipfile`` never inflates a part
    beyond its declared size (a part that lies fails its checksum), so this is
    checked before anything is inflated.
    """
    limit = conf.get("MAX_UNZIPPED_SIZE")
    total = sum(info.file_size for info in archive.infolist())
    if total > limit:
        raise file_problem(
            _(
                "the workbook is %(size)s once unzipped; at most %(limit)s is "
                "allowed, so it is not opened. Split it into smaller files."
            )
            % {"size": _megabytes(total), "limit": _megabytes(limit)}
        )


def set_csv_field_limit() -> None:
    """Make the ``csv`` module stop at the first field longer than the limit.

    The limit is process-wide; the importers are the only CSV readers here.
    """
    csv.field_size_limit(conf.get("MAX_CELL_LENGTH"))


class RecordLines:
    """The text lines the ``csv`` reader takes, kept until its record is done.

    Only the current record is kept, so that the error of an oversized field
    can name its column; ``clear()`` after each record.
    """

    def __init__(self, stream):
        self.stream = stream
        self.lines: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.stream)
        self.lines.append(line)
        return line

    def clear(self) -> None:
        self.lines.clear()

    def oversized_field(self, delimiter: str) -> tuple[int, int]:
        """``(column index, length)`` of the field the reader refused.

        That is the first field of the record longer than the limit; when it
        is a quoted field that goes on past the lines read so far, the rest is
        counted line by line, without keeping it.
        """
        limit = conf.get("MAX_CELL_LENGTH")
        text = "".join(self.lines)
        self.lines = []
        found = None
        for index, length, complete in field_lengths(text, delimiter):
            if length > limit:
                found = index, length, complete
                break
        if found is None:  # not expected: the reader saw a longer field
            return 0, limit + 1
        index, length, complete = found
        if not complete:
            length += _rest_of_quoted_field(self.stream, delimiter)
        return index, length


def _boundary(text: str, start: int, delimiter: str) -> int:
    """The position of the first delimiter or line break at or after ``start``."""
    ends = [
        position
        for position in (text.find(char, start) for char in (delimiter, "\r", "\n"))
        if position != -1
    ]
    return min(ends, default=len(text))


def field_lengths(text: str, delimiter: str):
    """Yield ``(index, length, complete)`` for each field of one CSV record.

    ``length`` is the length the ``csv`` module gives the value (quotes
    removed, doubled quotes counted once); ``complete`` is false for a quoted
    field still open at the end of ``text``.
    """
    position, index, end_of_text = 0, 0, len(text)
    while True:
        if text.startswith('"', position):
            length = 0
            position += 1
            while True:
                quote = text.find('"', position)
                if quote == -1:
                    yield index, length + end_of_text - position, False
                    return
                length += quote - position
                if text.startswith('"', quote + 1):
                    length += 1
                    position = quote + 2
                    continue
                position = quote + 1
                break
            end = _boundary(text, position, delimiter)
            length += end - position
        else:
            end = _boundary(text, position, delimiter)
            length = end - position
        yield index, length, True
        if end >= end_of_text or text[end] != delimiter:
            return
        position = end + 1
        index += 1


def _rest_of_quoted_field(stream, delimiter: str) -> int:
    length = 0
    for line in stream:
        position = 0
        while True:
            quote = line.find('"', position)
            if quote == -1:
                length += len(line) - position
                break
            length += quote - position
            if line.startswith('"', quote + 1):
                length += 1
                position = quote + 2
                continue
            return length + _boundary(line, quote + 1, delimiter) - quote - 1
    return length
