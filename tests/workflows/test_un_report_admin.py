"""The reports for the UN outside the documents themselves: the ``un_report``
command and its refusals, the downloads on the Cabinet page and who may have
them, the word count beside the response comment in the edit form, and the
cycle's report settings."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from content_models.models import Recommendation, ReportingCycle
from importers import un_report_docx

from .admin_helpers import assert_redirected_away
from .un_report_support import DRAFT_NOTE, UPR_ROW_1, build_un_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(world):
    return build_un_content(world)


# The command ----------------------------------------------------------------------


def test_the_command_writes_the_report(content, tmp_path):
    output = tmp_path / "response.docx"
    out = io.StringIO()
    call_command(
        "un_report", "upr-response", "upr-2024", output=str(output), stdout=out
    )
    assert out.getvalue() == (
        f"Wrote {output}: Response to the recommendations of UPR-2024. "
        "Words in the comments: 10 of 3,000.\n"
    )
    rows = docx.Document(str(output)).tables[1].rows
    assert [cell.text for cell in rows[1].cells] == UPR_ROW_1
    drafts = tmp_path / "drafts.docx"
    call_command(
        "un_report",
        "mid-term",
        "UPR-2024",
        output=str(drafts),
        include_drafts=True,
        stdout=io.StringIO(),
    )
    assert docx.Document(str(drafts)).paragraphs[1].text == DRAFT_NOTE[1]


@pytest.mark.parametrize(
    "kind, cycle, name, message",
    [
        (
            "annual",
            "UPR-2024",
            "out.docx",
            "annual: not a kind of report; use upr-response, follow-up, mid-term.",
        ),
        (
            "follow-up",
            "UPR-2099",
            "out.docx",
            "UPR-2099: no reporting cycle has this code; the cycles are CRC-2023, "
            "UPR-2024.",
        ),
        (
            "mid-term",
            "CRC-2023",
            "out.docx",
            "CRC-2023 is not a Universal Periodic Review cycle: the mid-term report "
            "is for UPR cycles only.",
        ),
        (
            "upr-response",
            "CRC-2023",
            "out.docx",
            "CRC-2023 is not a Universal Periodic Review cycle: the upr-response "
            "report is for UPR cycles only.",
        ),
        (
            "follow-up",
            "CRC-2023",
            "out.pdf",
            "--output {output}: the file must end .docx.",
        ),
        (
            "follow-up",
            "CRC-2023",
            "missing/out.docx",
            "{output}: No such file or directory",
        ),
    ],
)
def test_the_command_refuses_and_writes_nothing(
    content, tmp_path, kind, cycle, name, message
):
    output = tmp_path / name
    with pytest.raises(CommandError) as refused:
        call_command("un_report", kind, cycle, output=str(output))
    assert str(refused.value) == message.format(output=output)
    assert list(tmp_path.rglob("*")) == []


def test_a_refusal_exits_with_status_1(tmp_path):
    """From the shell: one line on standard error, exit status 1, no file."""
    output = tmp_path / "out.docx"
    root = Path(__file__).resolve().parents[2]
    finished = subprocess.run(
        [sys.executable, "manage.py", "un_report", "annual", "UPR-2024", "-o", output],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 1
    assert finished.stderr == (
        "CommandError: annual: not a kind of report; use upr-response, "
        "follow-up, mid-term.\n"
    )
    assert not output.exists()


# The admin ------------------------------------------------------------------------


def page(cycle):
    return f"/admin/cabinet/cycles/{cycle.pk}/"


def test_the_cabinet_page_offers_the_reports(client, world, content, settings):
    cycle = content["cycle"]
    cycle.upr_response_word_limit = 15
    cycle.save()
    client.force_login(world.moj_manager)
    answer = client.get(page(cycle))
    assert answer.status_code == 200
    text = answer.content.decode()
    assert '<h2 class="w-h2">Reports for the UN</h2>' in text
    for kind in ("upr-response", "follow-up", "mid-term"):
        assert f'href="{page(cycle)}un-report/{kind}.docx"' in text
        assert f'href="{page(cycle)}un-report/{kind}.docx?drafts=1"' in text
    assert "<p>Words in the comments: 10 of 15.</p>" in text
    assert "<p>Words in the comments: 20 of 15.</p>" in text
    assert text.count("Warning: The comments are 5 words over the limit") == 1

    settings.FOLLOW_UP_WORDS_PER_PAGE = 50
    crc = content["crc"]
    crc.follow_up_page_budget = 2
    crc.save()
    client.force_login(world.msd_manager)
    crc_page = client.get(page(crc)).content.decode()
    assert (
        "<p>Estimated length: 3 of 2 pages (118 words at 50 words a page).</p>"
    ) in crc_page
    assert (
        "Warning: The update is estimated at 3 pages, 1 page over the page budget "
        "of 2: shorten it before it is sent."
    ) in crc_page
    assert (
        "Warning: The update is estimated at 4 pages, 2 pages over the page budget "
        "of 2: shorten it before it is sent."
    ) in crc_page
    assert "un-report/follow-up.docx" in crc_page
    assert "un-report/mid-term.docx" not in crc_page
    assert "un-report/upr-response.docx" not in crc_page


def test_the_reports_download_as_word(client, world, content):
    cycle = content["cycle"]
    client.force_login(world.moj_manager)
    answer = client.get(f"{page(cycle)}un-report/upr-response.docx")
    assert answer.status_code == 200
    assert answer["Content-Type"] == un_report_docx.DOCX_CONTENT_TYPE
    assert answer["Content-Disposition"] == (
        'attachment; filename="upr-response-UPR-2024.docx"'
    )
    document = docx.Document(io.BytesIO(answer.content))
    assert [row.cells[0].text for row in document.tables[1].rows] == [
        "Ref.",
        "122.1",
        "122.3",
    ]
    drafts = client.get(f"{page(cycle)}un-report/upr-response.docx?drafts=1")
    assert drafts["Content-Disposition"] == (
        'attachment; filename="upr-response-UPR-2024-with-drafts.docx"'
    )
    document = docx.Document(io.BytesIO(drafts.content))
    assert [row.cells[0].text for row in document.tables[1].rows] == [
        "Ref.",
        "122.1",
        "122.2 (draft)",
        "122.3 (draft)",
    ]


def test_a_report_the_cycle_has_not_is_a_bad_request(client, world, content):
    client.force_login(world.msd_manager)
    crc = content["crc"]
    answer = client.get(f"{page(crc)}un-report/mid-term.docx")
    assert answer.status_code == 400
    assert answer.content.decode() == (
        "CRC-2023 is not a Universal Periodic Review cycle: the mid-term report "
        "is for UPR cycles only."
    )
    assert client.get(f"{page(crc)}un-report/annual.docx").status_code == 400
    assert client.get(f"{page(crc)}un-report/follow-up.docx").status_code == 200


@pytest.mark.parametrize("role", ["msd_manager", "police_contributor", "anonymous"])
def test_others_are_refused_the_reports_like_the_annex(client, world, content, role):
    cycle = content["cycle"]
    if role != "anonymous":
        client.force_login(getattr(world, role))
    annex = client.get(f"{page(cycle)}annex.docx")
    assert_redirected_away(annex, role)
    for kind in ("upr-response", "follow-up", "mid-term"):
        for query in ("", "?drafts=1"):
            refused = client.get(f"{page(cycle)}un-report/{kind}.docx{query}")
            assert_redirected_away(refused, role)
            # The same refusal as the annex's (anonymous users: sign in, then back).
            assert (refused.status_code, refused["Location"].split("?")[0]) == (
                annex.status_code,
                annex["Location"].split("?")[0],
            )
    # The positive control: the cycle's lead agency manager has them.
    client.force_login(world.moj_manager)
    for kind in ("upr-response", "follow-up", "mid-term"):
        answer = client.get(f"{page(cycle)}un-report/{kind}.docx?drafts=1")
        assert answer.status_code == 200


# The live word count in the edit form -------------------------------------------------


def edit_url(recommendation):
    return reverse(
        Recommendation.snippet_viewset.get_url_name("edit"), args=[recommendation.pk]
    )


def test_the_response_comment_has_the_cycles_word_count(client, world, content):
    first = content["recommendations"][0]
    client.force_login(world.moj_manager)
    text = client.get(edit_url(first)).content.decode()
    # The other comments with the lead agency's drafts: 7 + 5 words.
    assert (
        'data-word-count data-field="response_comment" data-other-words="12" '
        'data-limit="3000"'
    ) in text
    assert "monitor_admin/js/word-count.js" in text
    assert "Words in the comments of UPR-2024:" in text


def test_no_word_count_outside_the_upr(client, world, content):
    client.force_login(world.msd_manager)
    answer = client.get(edit_url(world.crc_recommendation))
    assert answer.status_code == 200
    assert "data-word-count" not in answer.content.decode()


# The cycle's settings -------------------------------------------------------------


def test_the_follow_up_due_date(world):
    cycle = world.crc_recommendation.cycle
    assert cycle.follow_up_due_date is None  # no date received yet
    cycle.received_on = datetime.date(2025, 2, 28)
    assert cycle.follow_up_months == 12
    assert cycle.follow_up_due_date == datetime.date(2026, 2, 28)
    cycle.follow_up_months = 18
    assert cycle.follow_up_due_date == datetime.date(2026, 8, 28)
    cycle.follow_up_due_on = datetime.date(2026, 9, 30)
    assert cycle.follow_up_due_date == datetime.date(2026, 9, 30)


def test_the_cycle_form_has_the_report_settings(client, world):
    cycle = world.upr_recommendation.cycle
    client.force_login(world.admin)
    url = reverse(ReportingCycle.snippet_viewset.get_url_name("edit"), args=[cycle.pk])
    text = client.get(url).content.decode()
    for label in (
        "Follow-up due after",
        "Follow-up page budget",
        "UPR response word limit",
    ):
        assert label in text
    assert 'name="follow_up_months"' in text
    assert 'name="follow_up_page_budget"' in text
    assert 'name="upr_response_word_limit"' in text
