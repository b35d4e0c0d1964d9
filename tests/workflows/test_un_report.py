"""The reports for the UN, read back from the Word files: the UPR response
with its word count, the follow-up report with its page budget, the UPR
mid-term report; drafts only on request and marked; the ``un_report``
command's refusals; the downloads on the Cabinet page and who may have them;
the word count beside the response comment in the edit form."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from content_models.models import Recommendation, ReportingCycle
from importers import un_report_docx
from workflows import un_report

from .admin_helpers import assert_redirected_away
from .un_report_support import build_un_content

pytestmark = pytest.mark.django_db

# 6 December 2026 3:52 pm in Auckland (daylight time, UTC+13).
COMPILED_AT = datetime.datetime(2026, 12, 6, 2, 52, tzinfo=datetime.UTC)
COMPILED = ("Compiled", "6 December 2026 3:52 pm")
PUBLISHED_ONLY = ("Content", "Published only")
WITH_DRAFTS = (
    "Content",
    "Published, and drafts approved by the lead agency (marked draft)",
)
DRAFT_NOTE = (
    "Normal",
    "This draft includes content the lead agency has approved but not yet "
    "published: each such item is marked (draft).",
)


@pytest.fixture
def content(world):
    return build_un_content(world)


def contents(document):
    """The body in order: ``(style, text)`` of each paragraph, a list of rows
    of cell texts for each table."""
    body = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(child, document)
            body.append((paragraph.style.name, paragraph.text))
        elif tag == "tbl":
            table = DocxTable(child, document)
            body.append([[cell.text for cell in row.cells] for row in table.rows])
    return body


def read_back(kind, cycle, *, include_drafts=False, user=None):
    with time_machine.travel(COMPILED_AT, tick=False):
        report = un_report.compile_report(
            kind, cycle=cycle, include_drafts=include_drafts, user=user
        )
    stream = io.BytesIO()
    un_report_docx.write_docx(report, stream)
    stream.seek(0)
    return docx.Document(stream)


def cover(*rows):
    return [list(row) for row in rows]


UPR_START = (
    ("Reporting cycle", "UPR-2024 — Universal Periodic Review, fourth cycle"),
    ("Body", "Universal Periodic Review"),
    ("Date received", "1 Mar 2026"),
)
UPR_HEADER = ["Ref.", "Recommendation", "Recommending states", "Position", "Comment"]
UPR_ROW_1 = [
    "122.1",
    "Reduce the remand population.",
    "Australia; Canada",
    "Supported",
    "Work is underway through the bail support programme.",
]


# UPR response -----------------------------------------------------------------


def test_the_upr_response_from_the_published_content(content):
    document = read_back("upr-response", content["cycle"])
    assert contents(document) == [
        ("Heading 1", "Response to the recommendations of UPR-2024"),
        cover(
            *UPR_START,
            ("Recommendations", "2"),
            ("Supported", "1"),
            ("Supported in part", "0"),
            ("Noted", "1"),
            ("No position yet", "0"),
            ("Word limit", "3,000"),
            PUBLISHED_ONLY,
            COMPILED,
        ),
        [
            UPR_HEADER,
            UPR_ROW_1,
            [
                "122.3",
                "Ratify the Optional Protocol.",
                "",
                "Noted",
                "Under consideration.",
            ],
        ],
        ("Normal", "Words in the comments: 10 of 3,000."),
    ]
    assert document.core_properties.title == (
        "Response to the recommendations of UPR-2024"
    )
    assert document.core_properties.author == "Ministry of Justice"


def test_with_drafts_over_the_cycle_word_limit(content, world):
    cycle = content["cycle"]
    cycle.upr_response_word_limit = 15
    cycle.save()
    document = read_back(
        "upr-response", cycle, include_drafts=True, user=world.moj_manager
    )
    assert contents(document) == [
        ("Heading 1", "Response to the recommendations of UPR-2024"),
        cover(
            *UPR_START,
            ("Recommendations", "3"),
            ("Supported", "1"),
            ("Supported in part", "1"),
            ("Noted", "1"),
            ("No position yet", "0"),
            ("Word limit", "15"),
            WITH_DRAFTS,
            COMPILED,
        ),
        DRAFT_NOTE,
        [
            UPR_HEADER,
            UPR_ROW_1,
            [
                "122.2 (draft)",
                "End child poverty.",
                "",
                "Supported in part",
                "Child poverty targets are set in law.",
            ],
            [
                "122.3 (draft)",
                "Ratify the Optional Protocol.",
                "",
                "Noted",
                "Under consideration by the Government.",
            ],
        ],
        ("Normal", "Words in the comments: 20 of 15."),
        (
            "Normal",
            "Warning: The comments are 5 words over the limit of 15 words: "
            "shorten them before the response is submitted.",
        ),
    ]
    warning = document.paragraphs[-1].runs[0]
    assert (warning.text, warning.bold) == ("Warning:", True)
    # The published response stays within the same limit.
    published = contents(read_back("upr-response", cycle))
    assert published[-1] == ("Normal", "Words in the comments: 10 of 15.")


def test_the_word_limit_setting_applies_without_a_cycle_limit(content, settings):
    settings.UPR_RESPONSE_WORD_LIMIT = 9
    body = contents(read_back("upr-response", content["cycle"]))
    assert body[-2:] == [
        ("Normal", "Words in the comments: 10 of 9."),
        (
            "Normal",
            "Warning: The comments are 1 word over the limit of 9 words: "
            "shorten them before the response is submitted.",
        ),
    ]


def test_only_the_lead_agency_may_include_drafts(content, world):
    cycle = content["cycle"]
    with pytest.raises(PermissionDenied):
        un_report.compile_report(
            "upr-response", cycle=cycle, include_drafts=True, user=world.msd_manager
        )
    report = un_report.compile_report(
        "upr-response", cycle=cycle, include_drafts=True, user=world.moj_manager
    )
    assert report.include_drafts is True


# Follow-up ------------------------------------------------------------------------

CRC_START = (
    ("Reporting cycle", "CRC-2023 — Committee on the Rights of the Child, 2023"),
    ("Body", "Committee on the Rights of the Child"),
    ("Date received", "1 Feb 2025"),
    ("Follow-up due", "1 Aug 2026"),
)
PARA_12 = [
    ("Heading 2", "Recommendation para 12"),
    ("Normal", "Reduce child poverty."),
    ("Normal", "Committee's grade: B — partially satisfactory"),
    [
        ["Action", "Lead agency", "Status", "Latest published progress report"],
        [
            "ACT-MSD-1 Family income support",
            "Ministry of Social Development",
            "Completed",
            "Q2 update (published 1 Jun 2026)\n"
            "The pilot reached 200 families & their children.",
        ],
    ],
]
PARA_14 = [
    ("Heading 2", "Recommendation para 14"),
    ("Normal", "Ratify the communications procedure."),
    ("Normal", "Committee's grade: not graded yet."),
    ("Normal", "No action is proposed: Under review by the Ministry."),
]


def test_the_follow_up_report_from_the_published_content(content):
    assert contents(read_back("follow-up", content["crc"])) == [
        ("Heading 1", "Follow-up report on the recommendations of CRC-2023"),
        cover(
            *CRC_START,
            ("Follow-up recommendations", "2"),
            ("Graded", "1"),
            ("Page budget", "10"),
            PUBLISHED_ONLY,
            COMPILED,
        ),
        *PARA_12,
        *PARA_14,
        (
            "Normal",
            "Estimated length: 1 of 10 pages (118 words at 500 words a page).",
        ),
    ]


def test_the_follow_up_report_with_drafts(content, world):
    document = read_back(
        "follow-up", content["crc"], include_drafts=True, user=world.msd_manager
    )
    assert contents(document) == [
        ("Heading 1", "Follow-up report on the recommendations of CRC-2023"),
        cover(
            *CRC_START,
            ("Follow-up recommendations", "3"),
            ("Graded", "1"),
            ("Page budget", "10"),
            WITH_DRAFTS,
            COMPILED,
        ),
        DRAFT_NOTE,
        *PARA_12,
        *PARA_14,
        ("Heading 2", "Recommendation para 16 (draft)"),
        ("Normal", "Raise the age of criminal responsibility."),
        ("Normal", "Committee's grade: not graded yet."),
        ("Normal", "No action is proposed, and no explanation is recorded yet."),
        (
            "Normal",
            "Estimated length: 1 of 10 pages (170 words at 500 words a page).",
        ),
    ]


def test_over_the_page_budget_the_document_warns(content, settings):
    settings.FOLLOW_UP_WORDS_PER_PAGE = 50
    crc = content["crc"]
    crc.follow_up_page_budget = 2
    crc.follow_up_due_on = datetime.date(2026, 9, 30)
    crc.save()
    body = contents(read_back("follow-up", crc))
    assert body[1][3] == ["Follow-up due", "30 Sep 2026"]
    assert body[1][6] == ["Page budget", "2"]
    assert body[-2:] == [
        (
            "Normal",
            "Estimated length: 3 of 2 pages (118 words at 50 words a page).",
        ),
        (
            "Normal",
            "Warning: The update is estimated at 3 pages, 1 page over the page "
            "budget of 2: shorten it before it is sent.",
        ),
    ]


# Mid-term -------------------------------------------------------------------------

MID_START = (
    *UPR_START,
    ("Period", "1 Mar 2026 to 6 Dec 2026"),
)
NOTHING_STARTED = [
    ("Heading 3", "Actions started or completed"),
    ("Normal", "None yet."),
    ("Heading 3", "Progress reports published in the period"),
    ("Normal", "None in the period."),
    ("Heading 3", "Recommendations still without an action"),
]
JUSTICE_ACTIONS = [
    ("Heading 3", "Actions started or completed"),
    [
        ["Action", "Lead agency", "Status"],
        ["ACT-POL-1 Bail support programme", "New Zealand Police", "In progress"],
    ],
    ("Heading 3", "Progress reports published in the period"),
    [
        ["Published", "Action", "Progress report"],
        ["1 Jun 2026", "ACT-POL-1", "Bail support evaluation"],
    ],
    ("Heading 3", "Recommendations still without an action"),
    ("Normal", "Every recommendation has an action."),
]


def test_the_mid_term_report_from_the_published_content(content):
    assert contents(read_back("mid-term", content["cycle"])) == [
        ("Heading 1", "Mid-term report on the recommendations of UPR-2024"),
        cover(
            *MID_START,
            ("Recommendations", "2"),
            ("Actions", "1"),
            ("In preparation", "0"),
            ("In progress", "1"),
            ("Completed", "0"),
            ("Progress reports published in the period", "1"),
            ("Recommendations without an action", "1"),
            PUBLISHED_ONLY,
            COMPILED,
        ),
        ("Heading 2", "Justice"),
        (
            "Normal",
            "Actions by status: In preparation: 0; In progress: 1; Completed: 0.",
        ),
        *JUSTICE_ACTIONS,
        ("Heading 2", "No human rights issue"),
        (
            "Normal",
            "Actions by status: In preparation: 0; In progress: 0; Completed: 0.",
        ),
        *NOTHING_STARTED,
        ("Normal", "122.3 Ratify the Optional Protocol."),
    ]


def test_the_mid_term_report_with_drafts(content, world):
    # ACT-NEW-1 is still awaiting approval: not approved for Cabinet, so not
    # in the version with drafts either (workflows.actions.approval), and
    # 122.2 reads as without an action.
    document = read_back(
        "mid-term", content["cycle"], include_drafts=True, user=world.admin
    )
    body = contents(document)
    assert body[1][4:11] == [
        ["Recommendations", "3"],
        ["Actions", "1"],
        ["In preparation", "0"],
        ["In progress", "1"],
        ["Completed", "0"],
        ["Progress reports published in the period", "1"],
        ["Recommendations without an action", "2"],
    ]
    assert body[2:] == [
        DRAFT_NOTE,
        ("Heading 2", "Equality"),
        (
            "Normal",
            "Actions by status: In preparation: 0; In progress: 0; Completed: 0.",
        ),
        *NOTHING_STARTED,
        ("Normal", "122.2 (draft) End child poverty."),
        ("Heading 2", "Justice"),
        (
            "Normal",
            "Actions by status: In preparation: 0; In progress: 1; Completed: 0.",
        ),
        *JUSTICE_ACTIONS[:-1],
        ("Normal", "122.2 (draft) End child poverty."),
        ("Heading 2", "No human rights issue"),
        (
            "Normal",
            "Actions by status: In preparation: 0; In progress: 0; Completed: 0.",
        ),
        *NOTHING_STARTED,
        ("Normal", "122.3 (draft) Ratify the Optional Protocol."),
    ]


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
