"""The reports for the UN, read back from the Word files: the UPR response
with its word count, the follow-up report with its page budget, the UPR
mid-term report; drafts only on request and marked; the ``un_report``
(the command, the Cabinet page's downloads and the word count beside the
response comment: test_un_report_admin.py)."""

import datetime
import io

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from importers import un_report_docx
from workflows import un_report

from .un_report_support import DRAFT_NOTE, UPR_ROW_1, build_un_content

pytestmark = pytest.mark.django_db

# 6 December 2026 3:52 pm in Auckland (daylight time, UTC+13).
COMPILED_AT = datetime.datetime(2026, 12, 6, 2, 52, tzinfo=datetime.UTC)
COMPILED = ("Compiled", "6 December 2026 3:52 pm")
PUBLISHED_ONLY = ("Content", "Published only")
WITH_DRAFTS = (
    "Content",
    "Published, and drafts approved by the lead agency (marked draft)",
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
