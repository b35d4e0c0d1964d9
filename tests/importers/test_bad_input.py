"""Bad files: each gives precise row/column problems and writes nothing."""

import io
import zipfile

import openpyxl
import pytest
from wagtail.models import ModelLogEntry, Revision

from content_models.models import Action, Indicator, Recommendation
from importers.models import ImportRun
from importers.reading import Source

from ..factories import ActionFactory, RecommendationFactory
from .conftest import FILES, do_import, problems

pytestmark = pytest.mark.django_db


def counts():
    return {
        "recommendations": Recommendation.objects.count(),
        "actions": Action.objects.count(),
        "indicators": Indicator.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": ModelLogEntry.objects.count(),
    }


@pytest.fixture
def existing(taxonomies):
    """Content already there, so that 'nothing written' means something."""
    RecommendationFactory(cycle__code="UPR-2024", reference="122.1").save_revision()
    ActionFactory(reference="ACT-0001").save_revision()
    return counts()


def refused(kind, name, existing, **options):
    run = do_import(kind, Source.from_path(FILES / name), **options)
    assert run.status == ImportRun.Status.FAILED
    assert counts() == existing
    return problems(run)


def test_empty_file(existing):
    assert refused("recommendations", "empty.csv", existing) == [
        "file: the file is empty."
    ]


def test_header_only(existing):
    assert refused("recommendations", "header_only.csv", existing) == [
        "file: the file has a header row but no data rows."
    ]


def test_template_example_row_alone_is_no_data(existing):
    assert refused("recommendations", "template_example_only.csv", existing) == [
        "file: the file has a header row but no data rows (the template's example "
        "row is ignored)."
    ]


def test_unknown_columns_list_the_expected_ones(existing):
    expected = (
        "cycle, reference, text, title, recommending_states, issues, "
        "affected_groups, sdgs, responsible_agencies, prioritised, upr_response, "
        "response_comment, follow_up, no_action_reason, document_symbol, "
        "paragraph, source_url, uhri_id"
    )
    assert refused("recommendations", "unknown_column.csv", existing) == [
        "row 1, colour: unknown column; the columns of a recommendations file are: "
        f"{expected}.",
        "row 1, recomending_states: unknown column; the columns of a "
        f"recommendations file are: {expected} (did you mean recommending_states?).",
    ]


def test_missing_required_column(existing):
    assert refused("recommendations", "missing_column.csv", existing) == [
        "row 1, text: this required column is missing; the file's columns are: "
        "cycle, reference, title."
    ]


def test_duplicated_column(existing):
    assert refused("recommendations", "duplicated_column.csv", existing) == [
        "row 1, Title: this column appears twice (columns D and E); keep one."
    ]


def test_wrong_delimiter_is_explained(existing):
    [message] = refused("recommendations", "wrong_delimiter.csv", existing)
    assert message.startswith("row 1, cycle|reference|text: unknown column;")
    assert message.endswith(
        "; the file seems to separate its columns with “|”: save it with commas, "
        "semicolons or tabs (Excel: Save As → CSV UTF-8)."
    )


def test_bad_dates_name_the_cell_and_suggest(existing):
    assert refused("actions", "bad_dates.csv", existing) == [
        "row 2, target_date: “31/12/2025” is not a date; write dates as "
        "YYYY-MM-DD (did you mean 2025-12-31?).",
        "row 3, target_date: “2025-02-30” is not a real date.",
    ]


def test_unknown_taxonomy_values_with_did_you_mean(existing):
    assert refused("recommendations", "unknown_taxonomy.csv", existing) == [
        "row 2, issues: “Equalty” is not a known human rights issue "
        "(did you mean equality?).",
        "row 2, recommending_states: “Atlantis” is not a known country.",
        "row 3, cycle: “UPR-2025” is not a known reporting cycle "
        "(did you mean UPR-2024?).",
        "row 3, recommending_states: “Frnace” is not a known country "
        "(did you mean France?).",
        "row 3, responsible_agencies: “Ministry of Magic” is not a known agency "
        "(did you mean MoJ?).",
        "row 3, upr_response: “supportd” is not one of: supported, "
        "supported_in_part, noted (did you mean supported?).",
    ]


def test_reference_to_a_missing_action(existing):
    assert refused("indicators", "missing_action.csv", existing) == [
        "row 3, action: there is no action “ACT-0009” (did you mean ACT-0001?)."
    ]


def test_duplicate_keys_in_one_file(existing):
    assert refused("recommendations", "duplicate_keys.csv", existing) == [
        "row 4, reference: UPR-2024/122.1 is already in row 2; each object appears "
        "once per file."
    ]


def test_a_fifth_follow_up_recommendation(existing):
    assert refused("recommendations", "fifth_follow_up.csv", existing) == [
        "row 6, follow_up: CAT-2023 would have 5 follow-up recommendations; a "
        "committee asks for at most 4."
    ]


def test_follow_ups_already_in_the_cycle_count(existing):
    cycle = Recommendation.objects.get().cycle
    for number in range(3):
        RecommendationFactory(cycle=cycle, reference=f"9.{number}", follow_up=True)
    before = counts()
    run = do_import(
        "recommendations",
        "cycle,reference,text,follow_up\nUPR-2024,1,A,yes\nUPR-2024,2,B,yes\n",
    )
    assert problems(run) == [
        "row 3, follow_up: UPR-2024 would have 5 follow-up recommendations; a "
        "committee asks for at most 4."
    ]
    assert counts() == before


def test_a_50_megabyte_file_is_refused_by_size(existing, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("cycle,reference,text\n")
        line = "UPR-2024,1," + "x" * 1012 + "\n"
        for _ in range(50 * 1024):
            stream.write(line)
    size = path.stat().st_size
    assert size >= 50 * 1024 * 1024
    assert refused("recommendations", path, existing) == [
        f"file: the file is {size / 1048576:.1f} MB; files larger than 20.0 MB are "
        "refused. Split it into smaller files."
    ]


def test_the_size_limit_is_a_setting(existing, settings):
    settings.IMPORTERS_MAX_FILE_SIZE = 500
    assert refused("recommendations", "trailing_empty_rows.csv", existing) == [
        "file: the file is 643 bytes; files larger than 500 bytes are refused. "
        "Split it into smaller files."
    ]


def test_a_binary_file_renamed_csv(existing):
    assert refused("recommendations", "image_renamed.csv", existing) == [
        "file: this is a PNG image, not a CSV or XLSX file."
    ]


def test_random_bytes_renamed_csv(existing, tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert refused("recommendations", path, existing) == [
        "file: this is not a text file (it contains binary data); upload a CSV or "
        "XLSX file."
    ]


def test_a_word_document_renamed_xlsx(existing, tmp_path):
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refused("recommendations", path, existing) == [
        "file: this is a ZIP archive but not an Excel workbook (.xlsx)."
    ]


def test_formula_cells_are_refused_but_bullets_and_phone_numbers_are_text(existing):
    assert refused("recommendations", "formula_cells.csv", existing) == [
        'row 2, text: “=HYPERLINK("http://evil.example","click")” is a formula; '
        "imports take values only. Paste the values instead (Paste Special → "
        "Values), or start the cell with an apostrophe to keep it as text.",
        "row 3, text: “@SUM(1+1)*cmd|' /C calc'!A0” is a formula; imports take "
        "values only. Paste the values instead (Paste Special → Values), or start "
        "the cell with an apostrophe to keep it as text.",
    ]


def test_xlsx_formula_cells_are_refused(existing, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["cycle", "reference", "text"])
    sheet.append(["UPR-2024", "1", '=CONCATENATE("a","b")'])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    assert refused("recommendations", path, existing) == [
        'row 2, text: “=CONCATENATE("a","b")” is a formula; imports take values '
        "only. Paste the values instead (Paste Special → Values), or start the "
        "cell with an apostrophe to keep it as text."
    ]


def test_quoted_newlines_keep_row_numbers_of_the_spreadsheet(existing):
    assert refused("recommendations", "quoted_newlines.csv", existing) == [
        "row 4, upr_response: “maybe” is not one of: supported, supported_in_part, "
        "noted."
    ]


def test_every_row_is_checked_not_just_the_first_bad_one(existing):
    rows = "".join(
        f"UPR-2024,{n},Text,{'perhaps' if n % 2 else 'no'}\n" for n in range(1, 8)
    )
    run = do_import("recommendations", "cycle,reference,text,prioritised\n" + rows)
    assert [problem.split(":")[0] for problem in problems(run)] == [
        "row 2, prioritised",
        "row 4, prioritised",
        "row 6, prioritised",
        "row 8, prioritised",
    ]
    assert run.error_count == 4


def test_stray_cells_and_unnamed_columns(existing):
    run = do_import(
        "recommendations",
        "cycle,reference,text,\nUPR-2024,1,Text,surprise\nUPR-2024,2,Text,,extra\n",
    )
    assert problems(run) == [
        "row 2, D: a value in a column without a header; name the column or delete it.",
        "row 3: the row has more cells (5) than the header has columns (4); check "
        "the quotes and the separators.",
    ]


def test_million_blank_csv_rows_from_libreoffice_are_skipped(taxonomies, tmp_path):
    path = tmp_path / "libreoffice.csv"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("cycle,reference,text\nUPR-2024,1,Text\n")
        stream.write(",,\n" * 1_048_000)
    run = do_import("recommendations", Source.from_path(path))
    assert (run.status, run.row_count, run.created_count) == ("done", 1, 1)


def test_million_blank_xlsx_rows_from_libreoffice_are_skipped(taxonomies, tmp_path):
    path = tmp_path / "libreoffice.xlsx"
    write_libreoffice_xlsx(
        path,
        [["cycle", "reference", "text"], ["UPR-2024", "1", "Text"]],
        blank=1_048_574,
    )
    run = do_import("recommendations", Source.from_path(path))
    assert (run.status, run.row_count, run.created_count) == ("done", 1, 1)


def write_libreoffice_xlsx(path, rows, *, blank):
    """An XLSX like LibreOffice's after formatting whole columns: a styled
    (empty) row element down to row 1,048,576 and a dimension to match."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head, tail = text.split("</sheetData>")
                first = len(rows) + 1
                empty = "".join(
                    f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/></row>'
                    for n in range(first, first + blank)
                )
                text = head + empty + "</sheetData>" + tail
                data = text.encode()
            target.writestr(item, data)


def test_a_file_where_no_row_has_a_valid_key(db):
    run = do_import("recommendations", "cycle,reference,text\nNOPE,1,Text\n")
    assert problems(run) == ["row 2, cycle: “NOPE” is not a known reporting cycle."]
