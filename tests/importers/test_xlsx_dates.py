"""XLSX exports show dates as New Zealand writes them and import again unchanged;
the CSV keeps the contract's ISO dates."""

import csv
import datetime
import io

import openpyxl
import pytest

from importers import cells
from importers.reading import Source

from .conftest import FILES, command, do_import, problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(taxonomies, admin_user):
    for kind in ("recommendations", "actions", "indicators"):
        do_import(kind, Source.from_path(FILES / f"{kind}.csv"))


def test_xlsx_dates_are_date_cells_shown_day_month_year(indicators, tmp_path):
    path = tmp_path / "indicators.xlsx"
    command("export_csv", "indicators", "--output", str(path))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    first = next(row for row in rows if row[0].value == "IND-0001")
    start = first[header.index("start_date")]
    assert (start.value, start.number_format) == (
        datetime.datetime(2026, 1, 1),
        "d mmm yyyy",
    )
    assert first[header.index("end_date")].value == datetime.datetime(2027, 6, 30)
    # Everything else stays text (and never a formula).
    assert first[header.index("reference")].data_type == "s"
    assert rows[0][header.index("start_date")].data_type == "s"

    run = do_import("indicators", Source.from_path(path))
    assert problems(run) == []
    assert (run.created_count, run.updated_count) == (0, 0)


def test_the_csv_keeps_iso_dates(indicators):
    out, _err = command("export_csv", "indicators")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    row = next(row for row in rows if row["reference"] == "IND-0001")
    assert (row["start_date"], row["end_date"]) == ("2026-01-01", "2027-06-30")


def test_a_date_cell_read_into_a_text_column_is_its_iso_date():
    assert cells.as_text(datetime.datetime(2026, 12, 6)) == "2026-12-06"
    assert cells.as_text(datetime.datetime(2026, 12, 6, 15, 52)) == (
        "2026-12-06 15:52:00"
    )
