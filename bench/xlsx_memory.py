"""Peak memory of reading an XLSX that holds one huge cell. Not a test.

    .venv/bin/python bench/xlsx_memory.py                 # a 300 MB cell
    .venv/bin/python bench/xlsx_memory.py --megabytes 150 --inline
    .venv/bin/python bench/xlsx_memory.py --project /tmp/other-checkout

The workbook is written with ``zipfile`` a megabyte at a time (a 300 MB cell
compresses to about 300 KB), then read by the importers' ``open_table`` in a
fresh child process (``--project`` picks the checkout whose ``importers`` is
used, to compare with an older version). The child prints what happened, the
wall-clock seconds, its peak resident memory (``ru_maxrss``) and the peak of
Python allocations (``tracemalloc``). No database is needed.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEGABYTE = 1 << 20


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{TYPES}.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{TYPES}.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
}


def write_workbook(path, megabytes: int, *, inline: bool) -> None:
    """A workbook whose cell C2 holds ``megabytes`` MB of text.

    Written part by part, the huge one a megabyte at a time, so that the
    text is never in memory here.
    """

    def cell(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    header = cell("A1", "cycle") + cell("B1", "reference") + cell("C1", "text")
    sheet_head = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{header}</row>'
        f'<row r="2">{cell("A2", "UPR-2024")}{cell("B2", "1")}'
    )
    sheet_tail = "</row></sheetData></worksheet>"
    strings_head = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'
    strings_tail = "</t></si></sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        if inline:
            archive.writestr("xl/sharedStrings.xml", strings_head + strings_tail)
            _write_huge(
                archive,
                "xl/worksheets/sheet1.xml",
                (sheet_head + '<c r="C2" t="inlineStr"><is><t>').encode(),
                ("</t></is></c>" + sheet_tail).encode(),
                megabytes,
            )
        else:
            archive.writestr(
                "xl/worksheets/sheet1.xml",
                sheet_head + '<c r="C2" t="s"><v>0</v></c>' + sheet_tail,
            )
            _write_huge(
                archive,
                "xl/sharedStrings.xml",
                strings_head.encode(),
                strings_tail.encode(),
                megabytes,
            )


def _write_huge(archive, name, head, tail, megabytes):
    chunk = b"x" * MEGABYTE
    with archive.open(name, "w", force_zip64=True) as stream:
        stream.write(head)
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(tail)


def child(path) -> None:
    import tracemalloc

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from importers.errors import FileRefused
    from importers.reading import Source, open_table

    tracemalloc.start()
    started = time.perf_counter()
    try:
        table = open_table(Source.from_path(path))
        rows = sum(1 for _row in table.rows)
        outcome = f"read: header {table.header}, {rows} data row(s)"
    except FileRefused as refused:
        outcome = f"refused: {refused}"
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "outcome": outcome[:300],
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(rss),
                "tracemalloc_peak_mb": round(peak / MEGABYTE, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=300)
    parser.add_argument("--inline", action="store_true", help="an inline string")
    parser.add_argument("--project", default=str(ROOT))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        sys.path.insert(0, options.project)
        child(options.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge-cell.xlsx"
        write_workbook(path, options.megabytes, inline=options.inline)
        print(
            f"{path.name}: {path.stat().st_size / 1024:.0f} KB on disk, a "
            f"{options.megabytes} MB cell ({'inline' if options.inline else 'shared'}"
            " string)"
        )
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(path),
                "--project",
                options.project,
            ],
            cwd=options.project,
            check=True,
        )


if __name__ == "__main__":
    main()
