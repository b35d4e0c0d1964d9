"""Oversized cells, headers and zip bombs are refused with bounded memory, and
only the first errors of a run are kept (and said to be the first)."""

import csv
import io
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision

from content_models.models import Recommendation
from importers.errors import FileRefused
from importers.models import ImportRun
from importers.reading import Source, open_table

from ..factories import RecommendationFactory
from .conftest import do_import, problems, source_of, user_with

pytestmark = pytest.mark.django_db

MEGABYTE = 1 << 20
TOO_LONG = (
    "row 2, text: the cell is 40,000 characters long; at most 32,767 are allowed "
    "(Excel's own limit)."
)


def counts():
    return (
        Recommendation.objects.count(),
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
    )


@pytest.fixture
def existing(taxonomies):
    """Content already there, so that 'nothing written' means something."""
    RecommendationFactory(cycle__code="UPR-2024", reference="122.1").save_revision()
    return counts()


def refused(existing, content, name="file.csv"):
    run = do_import("recommendations", content, name=name)
    assert run.status == ImportRun.Status.FAILED
    assert counts() == existing
    return problems(run)


def xlsx_with_text(path, text=None, *, megabytes=0):
    """A recommendations workbook whose cell C2 holds ``text``, or ``megabytes``
    MB of it written a megabyte at a time (never in memory here)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["cycle", "reference", "text"])
    workbook.active.append(["UPR-2024", "9.9", "PLACEHOLDER"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, data)
                continue
            head, tail = data.split(b"PLACEHOLDER")
            with target.open(item.filename, "w", force_zip64=True) as stream:
                stream.write(head)
                if text is not None:
                    stream.write(text.encode())
                for _ in range(megabytes):
                    stream.write(b"x" * MEGABYTE)
                stream.write(tail)
    return path


def peak_while_reading(source) -> tuple[int, str]:
    """(peak bytes allocated, the refusal) of reading ``source``."""
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as refusal:
            table = open_table(source)
            for _row in table.rows:
                pass
        return tracemalloc.get_traced_memory()[1], str(refusal.value)
    finally:
        tracemalloc.stop()


# Cells ---------------------------------------------------------------------


def test_a_csv_cell_longer_than_excel_allows(existing):
    content = "cycle,reference,text\nUPR-2024,9.9," + "x" * 40_000 + "\n"
    assert refused(existing, content) == [TOO_LONG]


def test_a_csv_cell_of_excels_maximum_is_imported(existing):
    run = do_import(
        "recommendations", "cycle,reference,text\nUPR-2024,9.9," + "x" * 32_767 + "\n"
    )
    assert run.status == "done"
    assert len(Recommendation.objects.get(reference="9.9").text) == 32_767


def test_a_quoted_csv_cell_over_many_lines_is_measured_exactly(existing):
    # Each line is 'ab""c' and a line break: five characters once read.
    content = 'cycle,reference,text\nUPR-2024,9.9,"' + 'ab""c\n' * 8_000 + '"\n'
    assert refused(existing, content) == [
        "row 2, text: the cell is 40,000 characters long; at most 32,767 are "
        "allowed (Excel's own limit)."
    ]


def test_a_huge_csv_field_is_not_read_whole(existing):
    content = (
        "cycle;reference;text\nUPR-2024;9.9;" + "x" * (4 * MEGABYTE) + ";\n"
    ).encode()
    peak, refusal = peak_while_reading(source_of(content))
    assert refusal == (
        "row 2, text: the cell is 4,194,304 characters long; at most 32,767 are "
        "allowed (Excel's own limit)."
    )
    # The line is read (the file is at most 20 MB), the field is never built.
    assert peak < 3 * 4 * MEGABYTE


def test_a_header_cell_too_long_is_named_by_its_letter(existing):
    content = "cycle,reference," + "t" * 40_000 + "\nUPR-2024,9.9,x\n"
    assert refused(existing, content) == [
        "row 1, C: the cell is 40,000 characters long; at most 32,767 are allowed "
        "(Excel's own limit)."
    ]


def test_the_cell_limit_is_a_setting(existing, settings):
    settings.IMPORTERS_MAX_CELL_LENGTH = 10
    assert refused(existing, "cycle,reference,text\nUPR-2024,9.9,eleven char\n") == [
        "row 2, text: the cell is 11 characters long; at most 10 are allowed "
        "(Excel's own limit)."
    ]


def test_an_xlsx_cell_longer_than_excel_allows(existing, tmp_path):
    path = xlsx_with_text(tmp_path / "long.xlsx", "x" * 40_000)
    assert refused(existing, Source.from_path(path)) == [TOO_LONG]


# Zip bombs -----------------------------------------------------------------


def test_an_xlsx_zip_bomb_is_refused_before_it_is_inflated(
    existing, tmp_path, settings
):
    settings.IMPORTERS_MAX_UNZIPPED_SIZE = 4 * MEGABYTE
    path = xlsx_with_text(tmp_path / "bomb.xlsx", megabytes=32)
    assert path.stat().st_size < 64 * 1024
    message = (
        "file: the workbook is 32.0 MB once unzipped; at most 4.0 MB is allowed, "
        "so it is not opened. Split it into smaller files."
    )
    peak, refusal = peak_while_reading(Source.from_path(path))
    assert refusal == message
    assert peak < 1 * MEGABYTE
    assert refused(existing, Source.from_path(path)) == [message]


def test_a_workbook_under_the_limit_is_read(existing, tmp_path, settings):
    settings.IMPORTERS_MAX_UNZIPPED_SIZE = 4 * MEGABYTE
    path = xlsx_with_text(tmp_path / "fine.xlsx", "Measures against violence.")
    run = do_import("recommendations", Source.from_path(path))
    assert run.status == "done"
    assert Recommendation.objects.get(reference="9.9").text == (
        "Measures against violence."
    )


def test_a_zip_that_lies_about_its_sizes_is_refused_unread(existing, tmp_path):
    path = xlsx_with_text(tmp_path / "liar.xlsx", megabytes=8)
    name = b"xl/worksheets/sheet1.xml"
    data = bytearray(path.read_bytes())
    local = zipfile.ZipFile(path).getinfo(name.decode()).header_offset
    struct.pack_into("<I", data, local + 22, 10_000)  # local header: size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, 10_000)  # central: size
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    peak, refusal = peak_while_reading(Source.from_path(path))
    assert refusal == "file: the file is damaged: it is not a readable workbook."
    assert peak < 2 * MEGABYTE


# Headers and stored errors -------------------------------------------------


def wide_header(unknown: int) -> str:
    columns = ["cycle", "reference", "text"] + [f"extra {n}" for n in range(unknown)]
    return ",".join(columns) + "\nUPR-2024,9.9,Text\n"


def test_a_100000_column_header_is_refused_with_one_error(existing):
    run = do_import("recommendations", wide_header(100_000))
    assert (run.status, run.error_count, len(run.errors)) == ("failed", 1, 1)
    assert problems(run) == [
        "row 1: the header row has 100,003 columns; at most 500 are allowed. Keep "
        "the template's columns and delete the others."
    ]
    assert counts() == existing


def test_blank_header_cells_at_the_end_do_not_count(existing):
    content = "cycle,reference,text" + "," * 1_000 + "\nUPR-2024,9.9,Text\n"
    assert do_import("recommendations", content).status == "done"


def test_the_error_cap_applies_to_the_header(existing, settings):
    settings.IMPORTERS_MAX_STORED_ERRORS = 100
    run = do_import("recommendations", wide_header(450))
    assert (run.status, run.error_count, len(run.errors)) == ("failed", 450, 100)
    assert problems(run)[0].startswith(
        "row 1, extra 0: unknown column; the columns of a recommendations file are:"
    )
    assert counts() == existing


def test_the_error_cap_applies_to_rows(existing, settings):
    settings.IMPORTERS_MAX_STORED_ERRORS = 100
    rows = "".join(f"UPR-2024,{n},Text,maybe\n" for n in range(300))
    run = do_import("recommendations", "cycle,reference,text,prioritised\n" + rows)
    assert (run.error_count, len(run.errors)) == (300, 100)


@pytest.fixture
def manager(taxonomies):
    return user_with(
        "content_models.add_recommendation",
        "content_models.change_recommendation",
        username="manager",
    )


def test_the_admin_and_the_error_csv_say_only_the_first_are_shown(
    client, manager, settings
):
    settings.IMPORTERS_MAX_STORED_ERRORS = 300
    client.force_login(manager)
    content = wide_header(450).encode()
    client.post(
        "/admin/imports/",
        {"kind": "recommendations", "file": SimpleUploadedFile("wide.csv", content)},
    )
    run = ImportRun.objects.get()
    assert (run.error_count, len(run.errors)) == (450, 300)
    page = client.get(reverse("importers:run", args=[run.pk])).content.decode()
    assert "The file has 450 problems. Nothing was written." in page
    assert (
        "<p data-import-errors-shown>Showing the first 200 of 450 errors. The CSV "
        "lists the first 300.</p>"
    ) in page
    assert page.count("unknown column;") == 200

    response = client.get(reverse("importers:errors", args=[run.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 300 + 1
    assert rows[-1] == ["", "", "", "", "Showing the first 300 of 450 errors."]


def test_the_admin_says_nothing_when_every_error_is_shown(client, manager):
    client.force_login(manager)
    client.post(
        "/admin/imports/",
        {
            "kind": "recommendations",
            "file": SimpleUploadedFile("wide.csv", wide_header(5).encode()),
        },
    )
    run = ImportRun.objects.get()
    page = client.get(reverse("importers:run", args=[run.pk])).content.decode()
    assert "The file has 5 problems. Nothing was written." in page
    assert "Showing the first" not in page


def test_the_command_says_only_the_first_are_shown(existing, settings, tmp_path):
    settings.IMPORTERS_MAX_STORED_ERRORS = 300
    path = tmp_path / "wide.csv"
    path.write_text(wide_header(450))
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_csv", "recommendations", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 301
    assert lines[0].startswith("row 1, extra 0: unknown column;")
    assert lines[-1] == "Showing the first 300 of 450 errors."
    assert str(error.value) == "450 problem(s) in wide.csv; nothing was written."
    assert error.value.returncode == 1
    assert counts() == existing
