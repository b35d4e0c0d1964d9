"""``manage.py import_csv`` and ``export_csv``."""

import pytest
from django.core.management.base import CommandError

from content_models.models import Recommendation
from importers.models import ImportRun

from .conftest import FILES, command, decide, user_with

pytestmark = pytest.mark.django_db


def test_import_prints_the_summary(taxonomies):
    out, err = command(
        "import_csv", "recommendations", str(FILES / "recommendations.csv")
    )
    run = ImportRun.objects.get()
    assert out == f"3 created, 0 updated, 0 unchanged (3 rows, import run {run.pk}).\n"
    assert err == ""
    assert (run.origin, run.user, run.file_name) == (
        "command",
        None,
        "recommendations.csv",
    )
    out, _err = command(
        "import_csv", "recommendations", str(FILES / "recommendations.csv")
    )
    assert out.startswith("0 created, 0 updated, 3 unchanged")


def test_dry_run(taxonomies):
    out, _err = command(
        "import_csv", "recommendations", str(FILES / "recommendations.csv"), "--dry-run"
    )
    assert out.startswith("Dry run, nothing written: would be 3 created, 0 updated")
    assert Recommendation.objects.count() == 0


def test_problems_are_one_line_each_and_the_exit_status_is_not_zero(taxonomies, capsys):
    with pytest.raises(CommandError) as error:
        command("import_csv", "actions", str(FILES / "bad_dates.csv"))
    assert str(error.value) == "2 problem(s) in bad_dates.csv; nothing was written."
    assert error.value.returncode == 1


def test_problem_lines_go_to_stderr(taxonomies):
    import io

    from django.core.management import call_command

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "actions", str(FILES / "bad_dates.csv"), stderr=err)
    assert err.getvalue().splitlines() == [
        "row 2, target_date: “31/12/2025” is not a date; write dates as YYYY-MM-DD "
        "(did you mean 2025-12-31?).",
        "row 3, target_date: “2025-02-30” is not a real date.",
    ]


def test_publish_and_user(taxonomies):
    editor = user_with(
        "content_models.add_recommendation",
        "content_models.change_recommendation",
        username="editor",
    )
    path = str(FILES / "recommendations.csv")
    with pytest.raises(CommandError) as error:
        command("import_csv", "recommendations", path, "--user", "editor", "--publish")
    assert str(error.value) == "editor may not publish recommendations."
    with pytest.raises(CommandError) as error:
        command("import_csv", "actions", str(FILES / "actions.csv"), "--user", "editor")
    assert str(error.value) == "editor may not import actions."
    with pytest.raises(CommandError) as error:
        command("import_csv", "recommendations", path, "--user", "nobody")
    assert str(error.value) == "No user 'nobody'."
    command("import_csv", "recommendations", path, "--user", "editor")
    assert set(
        Recommendation.objects.values_list("latest_revision__user", flat=True)
    ) == {editor.pk}
    # The drafts put their cycles before Cabinet: publishable once it decided
    # (test_cabinet_gate_import.py).
    decide("UPR-2024", "CAT-2023")
    out, _err = command("import_csv", "recommendations", path, "--publish")
    assert "3 published" in out
    assert Recommendation.objects.filter(live=True).count() == 3


def test_a_missing_file(taxonomies):
    with pytest.raises(CommandError) as error:
        command("import_csv", "recommendations", "/nonexistent/file.csv")
    assert str(error.value) == "/nonexistent/file.csv: No such file or directory"


def test_export_to_stdout(taxonomies):
    command("import_csv", "recommendations", str(FILES / "recommendations.csv"))
    out, _err = command("export_csv", "recommendations")
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("cycle,reference,text,title,recommending_states")
    assert len(lines) == 4
    out, _err = command("export_csv", "recommendations", "--published")
    assert len(out.lstrip("\ufeff").splitlines()) == 1


def test_uhri_is_not_exportable():
    with pytest.raises(CommandError):
        command("export_csv", "uhri")
