"""Files as Excel writes them: encodings, separators, BOMs, quoted newlines."""

import pytest

from content_models.models import Recommendation
from importers.reading import Source, open_table

from .conftest import FILES, do_import, problems, source_of

pytestmark = pytest.mark.django_db


def text_of(reference):
    return Recommendation.objects.get(
        reference=reference
    ).get_latest_revision_as_object()


def imported(name, kind="recommendations"):
    run = do_import(kind, Source.from_path(FILES / name))
    assert problems(run) == []
    assert run.status == "done"
    return run


def test_windows_1252_with_semicolons(taxonomies):
    table = open_table(Source.from_path(FILES / "windows1252.csv"))
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    imported("windows1252.csv")
    draft = text_of("122.3")
    assert draft.text == "Protect the rights of Maori children – the State’s duty"
    assert sorted(c.code for c in draft.recommending_states.all()) == ["CIV", "TUR"]


def test_utf16_with_tabs(taxonomies):
    table = open_table(Source.from_path(FILES / "utf16.csv"))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    imported("utf16.csv")
    draft = text_of("122.4")
    assert draft.text == "Respect whānau and Māori rights"
    assert [issue.slug for issue in draft.issues.all()] == ["indigenous-rights"]


def test_utf8_bom(taxonomies):
    table = open_table(Source.from_path(FILES / "bom.csv"))
    assert table.header == ["cycle", "reference", "text"]
    imported("bom.csv")
    assert text_of("122.5").text == "Texte avec accents : égalité"


def test_quoted_newlines_and_quotes(taxonomies):
    text = (FILES / "quoted_newlines.csv").read_text(encoding="utf-8")
    run = do_import("recommendations", text.replace(",maybe,", ",noted,"))
    assert problems(run) == []
    assert (
        text_of("122.6").text == "First line\nsecond line, with a comma\n\nfourth line"
    )
    assert text_of("122.7").text == 'Another "quoted" text'


def test_trailing_and_inner_blank_rows_are_skipped(taxonomies):
    run = imported("trailing_empty_rows.csv")
    assert (run.row_count, run.created_count) == (1, 1)
    run = do_import(
        "recommendations",
        "\n\ncycle,reference,text\n\nUPR-2024,1,A\n,,\nUPR-2024,2,B\n",
    )
    assert (run.status, run.created_count) == ("done", 2)


def test_excel_sep_line(taxonomies):
    table = open_table(source_of("sep=|\ncycle|reference|text\nUPR-2024|1|A\n"))
    assert (table.delimiter, table.header, table.header_row) == (
        "|",
        ["cycle", "reference", "text"],
        2,
    )
    assert [row.number for row in table.rows] == [3]


def test_crlf_and_cr_line_endings(taxonomies):
    run = do_import("recommendations", "cycle,reference,text\r\nUPR-2024,1,A\r\n")
    assert run.created_count == 1
    table = open_table(source_of(b"cycle,reference,text\rUPR-2024,2,B\r"))
    assert [row.cells for row in table.rows] == [["UPR-2024", "2", "B"]]


def test_an_xlsx_renamed_csv_is_read_as_xlsx(taxonomies, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["cycle", "reference", "text"])
    workbook.active.append(["UPR-2024", "1", "From a workbook"])
    path = tmp_path / "really-a-workbook.csv"
    workbook.save(path)
    imported_run = do_import("recommendations", Source.from_path(path))
    assert imported_run.status == "done"
    assert text_of("1").text == "From a workbook"


def test_xlsx_with_a_wrong_dimension_is_read_in_full(taxonomies, tmp_path):
    from .test_bad_input import write_libreoffice_xlsx

    path = tmp_path / "dimension.xlsx"
    write_libreoffice_xlsx(
        path,
        [
            ["cycle", "reference", "text"],
            ["UPR-2024", "1", "A"],
            ["UPR-2024", "2", "B"],
        ],
        blank=5,
    )
    assert [row.number for row in open_table(Source.from_path(path)).rows] == [2, 3]
