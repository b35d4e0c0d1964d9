"""Read an uploaded file into rows of cells: CSV in any Excel dialect, or XLSX.

CSV: UTF-8 with or without BOM, UTF-16/32 with BOM, else Windows-1252; comma,
semicolon or tab (sniffed from the header, or Excel's ``sep=`` line); quoted
newlines. XLSX: the first sheet, read in streaming mode. Blank rows are skipped
wherever they are (LibreOffice writes a million of them) but keep their number,
so that ``row N`` is the row the person sees in Excel.

Cells come out as ``str`` (numbers formatted as Excel shows them),
``datetime.date``/``datetime.datetime`` (XLSX dates), ``None`` or
``cells.Formula``.
"""

import codecs
import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf, limits
from .cells import clean_text_cell
from .errors import FileRefused, ImportProblem, file_problem
from .xlsx import open_first_sheet

CHUNK = 1 << 20
SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {
    ",": gettext_lazy("comma"),
    ";": gettext_lazy("semicolon"),
    "\t": gettext_lazy("tab"),
}

_MAGIC = (
    (b"%PDF", gettext_lazy("a PDF document")),
    (b"\xd0\xcf\x11\xe0", gettext_lazy("an old Excel 97–2003 (.xls) or Word file")),
    (b"\x89PNG", gettext_lazy("a PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"\x1f\x8b", gettext_lazy("a gzip archive")),
    (b"Rar!", gettext_lazy("a RAR archive")),
    (b"7z\xbc\xaf", gettext_lazy("a 7-Zip archive")),
)


@dataclass
class Source:
    """An import file: its name, its size and how to (re)open it as bytes."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]

    @classmethod
    def from_path(cls, path) -> "Source":
        path = os.fspath(path)
        return cls(
            name=os.path.basename(path),
            size=os.path.getsize(path),
            opener=lambda: open(path, "rb"),  # noqa: SIM115 (closed by the reader)
        )

    @classmethod
    def from_file(cls, file, name: str | None = None, size: int | None = None):
        """A Django ``File`` (an upload or a ``FieldFile``)."""

        def opener():
            file.open("rb")
            file.seek(0)
            return _Unclosable(file)

        return cls(
            name=name or os.path.basename(file.name),
            size=file.size if size is None else size,
            opener=opener,
        )

    @property
    def extension(self) -> str:
        return os.path.splitext(self.name)[1].lower()


class _Unclosable(io.RawIOBase):
    """Lets a reader "close" an uploaded file without losing it for later passes."""

    def __init__(self, file):
        self._file = file

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        return self._file.seek(offset, whence)

    def tell(self):
        return self._file.tell()

    def readinto(self, buffer):
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Counting(io.RawIOBase):
    """Counts the bytes read through it, for a progress bar."""

    def __init__(self, raw):
        self._raw = raw
        self.count = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self):
        self._raw.close()
        super().close()


@dataclass
class Row:
    number: int
    cells: list


@dataclass
class Table:
    """The header and a row iterator of one file."""

    header: list[str]
    header_row: int
    rows: Iterator[Row]
    format: str
    progress: Callable[[], float]
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def is_blank(cells) -> bool:
    return all(
        cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells
    )


def open_table(source: Source) -> Table:
    """Open ``source`` as a table, or raise ``FileRefused`` saying why not."""
    limit = conf.get("MAX_FILE_SIZE")
    if source.size > limit:
        raise file_problem(
            _(
                "the file is %(size)s; files larger than %(limit)s are refused. "
                "Split it into smaller files."
            )
            % {"size": _megabytes(source.size), "limit": _megabytes(limit)}
        )
    if source.size == 0:
        raise file_problem(_("the file is empty."))
    with source.opener() as stream:
        head = stream.read(8192)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(source)
    if source.extension == ".xlsx":
        raise file_problem(_("the file is named .xlsx but is not an Excel workbook."))
    if source.extension in {".xls", ".ods", ".numbers"}:
        raise file_problem(
            _("%(extension)s files are not supported; save the sheet as .xlsx or CSV.")
            % {"extension": source.extension}
        )
    return _open_csv(source, head)


def _megabytes(size: int) -> str:
    if size < 1024:
        return _("%(size)d bytes") % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)d KB") % {"size": round(size / 1024)}
    return _("%(size).1f MB") % {"size": size / (1024 * 1024)}


def _refuse_known_binary(head: bytes):
    for magic, label in _MAGIC:
        if head.startswith(magic):
            raise file_problem(
                _("this is %(what)s, not a CSV or XLSX file.") % {"what": label}
            )


def _refuse_binary(head: bytes):
    sample = head[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\r\n\f")
    if b"\x00" in sample or controls > len(sample) // 100:
        raise file_problem(
            _(
                "this is not a text file (it contains binary data); upload a CSV "
                "or XLSX file."
            )
        )


def _detect_encoding(source: Source, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    _refuse_known_binary(head)
    sample = head[:2048]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    _refuse_binary(head)
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with source.opener() as stream:
                for chunk in iter(lambda s=stream: s.read(CHUNK), b""):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise file_problem(
        _(
            "the file's characters are neither UTF-8 nor Windows-1252 text; "
            "in Excel use Save As → CSV UTF-8."
        )
    )


def _sniff_delimiter(text: str) -> tuple[str, bool]:
    """The delimiter of the header line, and whether a ``sep=`` line gave it."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    match = re.fullmatch(r'"?sep=(.)"?', first_line.strip(), flags=re.IGNORECASE)
    if match:
        return match.group(1), True
    counts = {}
    for delimiter in DELIMITERS:
        in_quotes = False
        count = 0
        for char in first_line:
            if char == '"':
                in_quotes = not in_quotes
            elif char == delimiter and not in_quotes:
                count += 1
        counts[delimiter] = count
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return (best if counts[best] else ","), False


def _open_csv(source: Source, head: bytes) -> Table:
    encoding = _detect_encoding(source, head)
    with source.opener() as stream:
        sample = stream.read(SNIFF_BYTES)
    text = sample.decode(encoding, errors="ignore")
    delimiter, sep_line = _sniff_delimiter(text)

    raw = _Counting(source.opener())
    stream = io.TextIOWrapper(io.BufferedReader(raw), encoding=encoding, newline="")
    if sep_line:
        stream.readline()
    lines = limits.RecordLines(stream)
    limits.set_csv_field_limit()
    reader = csv.reader(lines, delimiter=delimiter)
    offset = 1 if sep_line else 0
    header = []

    def records():
        number = offset
        try:
            for cells in reader:
                number += 1
                lines.clear()
                yield number, [clean_text_cell(cell) for cell in cells]
        except csv.Error as error:
            if str(error).startswith(limits.FIELD_LIMIT_ERROR):
                index, length = lines.oversized_field(delimiter)
                raise limits.cell_too_long(
                    row=number + 1, index=index, length=length, header=header
                ) from None
            raise FileRefused(
                ImportProblem(
                    _("the file cannot be read as CSV here (%(error)s).")
                    % {"error": error},
                    row=number + 1,
                )
            ) from error
        except UnicodeDecodeError as error:
            raise file_problem(
                _("the file is not valid %(encoding)s text.") % {"encoding": encoding}
            ) from error
        finally:
            stream.close()

    iterator = records()
    cells, header_row = _first_non_blank(iterator)
    header.extend(str(cell) for cell in cells)
    limits.check_header_width(header, header_row)
    notes = [
        _("read as CSV (%(encoding)s, %(delimiter)s-separated)")
        % {"encoding": encoding, "delimiter": DELIMITER_NAMES.get(delimiter, delimiter)}
    ]
    return Table(
        header=header,
        header_row=header_row,
        rows=(Row(number, cells) for number, cells in iterator if not is_blank(cells)),
        format="csv",
        progress=lambda: min(1.0, raw.count / max(source.size, 1)),
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )


def _first_non_blank(iterator):
    for number, cells in iterator:
        if not is_blank(cells):
            return cells, number
    raise file_problem(_("the file is empty: it has no header row."))


def _open_xlsx(source: Source) -> Table:
    try:
        sheet = open_first_sheet(source)
    except zipfile.BadZipFile as error:
        raise file_problem(
            _("the file is damaged: it is not a readable workbook.")
        ) from error
    header = []

    def records():
        for number, cells in sheet.rows():
            limits.check_cells(number, cells, header)
            yield number, cells

    iterator = records()
    cells, header_row = _first_non_blank(iterator)
    header.extend(_header_text(cell) for cell in cells)
    limits.check_header_width(header, header_row)
    return Table(
        header=header,
        header_row=header_row,
        rows=(Row(number, cells) for number, cells in iterator if not is_blank(cells)),
        format="xlsx",
        progress=sheet.progress,
        notes=[_("read as XLSX, sheet “%(title)s”") % {"title": sheet.title}],
    )


def _header_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell)
