"""The Cabinet paper's annex, read back from the Word and XLSX files, and
the ``cabinet_annex`` command's refusals."""

import datetime
import io

import docx
import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command

from content_models.models import Action, Recommendation
from importers import annex
from importers.annex import _response_lines as annex_response_lines
from workflows.response import board_rows

from .cabinet_support import REASON, build_response

pytestmark = pytest.mark.django_db

# 6 December 2026 3:52 pm in Auckland (daylight time, UTC+13).
COMPILED_AT = datetime.datetime(2026, 12, 6, 2, 52, tzinfo=datetime.UTC)


@pytest.fixture
def response(world):
    return build_response(world)


def cover(grouped_by):
    return [
        ["Reporting cycle", "UPR-2024 — Universal Periodic Review, fourth cycle"],
        ["Body", "Universal Periodic Review"],
        ["Date received", "1 Mar 2026"],
        ["Cabinet target", "1 Mar 2027"],
        ["Recommendations", "4"],
        ["Prioritised", "1"],
        ["With an action proposed", "2"],
        ["No action proposed", "1"],
        ["Awaiting a response", "1"],
        ["Actions proposed", "2"],
        ["of which work underway", "1"],
        ["of which new", "1"],
        ["Grouped by", grouped_by],
        ["Compiled", "6 December 2026 3:52 pm"],
    ]


HEADER = ["Ref.", "Recommendation", "Priority", "Proposed response", "Status"]
ROW_1 = [
    "122.1",
    "Reduce the remand population.",
    "Prioritised",
    "ACT-POL-1 Bail support programme — Work underway (Police)",
    "Published",
]
ROW_2 = [
    "122.2",
    "End child poverty.",
    "",
    "ACT-NEW-1 Child poverty reduction plan — New (MSD) [Draft — awaiting approval]",
    "Draft",
]
ROW_3 = [
    "122.3",
    "Ratify the Optional Protocol.",
    "",
    f"No action proposed: {REASON}",
    "Published, with a draft change",
]
ROW_4 = ["122.4", "Review benefit levels.", "", "Awaiting a response", "Draft"]


def read_docx(cycle, group_by):
    with time_machine.travel(COMPILED_AT, tick=False):
        compiled = annex.compile_annex(cycle=cycle, group_by=group_by)
    stream = io.BytesIO()
    annex.write_docx(compiled, stream)
    stream.seek(0)
    return docx.Document(stream)


def table_text(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_annex_by_issue(response):
    document = read_docx(response["cycle"], "issue")
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Annex: response to the recommendations of UPR-2024"),
        ("Heading 2", "Equality"),
        ("Heading 2", "Justice"),
        ("Heading 2", "No human rights issue"),
    ]
    tables = [table_text(table) for table in document.tables]
    assert tables == [
        cover("human rights issue"),
        [HEADER, ROW_2, ROW_4],
        [HEADER, ROW_1, ROW_2],
        [HEADER, ROW_3],
    ]
    assert document.core_properties.title == (
        "Annex: response to the recommendations of UPR-2024"
    )


def test_the_word_annex_by_agency(response):
    document = read_docx(response["cycle"], "agency")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "Ministry of Social Development",
        "New Zealand Police",
        "No responsible agency",
    ]
    assert [table_text(table) for table in document.tables] == [
        cover("agency"),
        [HEADER, ROW_2, ROW_4],
        [HEADER, ROW_1, ROW_2],
        [HEADER, ROW_3],
    ]


XLSX_HEADER = [
    "Group",
    "Recommendation",
    "Text",
    "Recommendation status",
    "Prioritised",
    "Responsible agencies",
    "Human rights issues",
    "Response",
    "No action reason",
    "Action",
    "Action title",
    "Work underway or new",
    "Action lead agency",
    "Action status",
]


def xlsx_rec(group, row):
    """The recommendation cells of a row of the annex sheet."""
    return {
        "122.1": [
            group,
            "122.1",
            "Reduce the remand population.",
            "Published",
            "yes",
            "New Zealand Police",
            "Justice",
            "Action proposed",
            None,
            "ACT-POL-1",
            "Bail support programme",
            "Work underway",
            "Police",
            "Published",
        ],
        "122.2": [
            group,
            "122.2",
            "End child poverty.",
            "Draft",
            "no",
            "Ministry of Social Development; New Zealand Police",
            "Equality; Justice",
            "Action proposed",
            None,
            "ACT-NEW-1",
            "Child poverty reduction plan",
            "New",
            "MSD",
            "Draft — awaiting approval",
        ],
        "122.3": [
            group,
            "122.3",
            "Ratify the Optional Protocol.",
            "Published, with a draft change",
            "no",
            None,
            None,
            "No action proposed",
            REASON,
            None,
            None,
            None,
            None,
            None,
        ],
        "122.4": [
            group,
            "122.4",
            "Review benefit levels.",
            "Draft",
            "no",
            "Ministry of Social Development",
            "Equality",
            "Awaiting a response",
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    }[row]


@pytest.mark.parametrize(
    ("group_by", "grouped_by", "groups"),
    [
        (
            "issue",
            "human rights issue",
            [
                ("Equality", ["122.2", "122.4"]),
                ("Justice", ["122.1", "122.2"]),
                ("No human rights issue", ["122.3"]),
            ],
        ),
        (
            "agency",
            "agency",
            [
                ("Ministry of Social Development", ["122.2", "122.4"]),
                ("New Zealand Police", ["122.1", "122.2"]),
                ("No responsible agency", ["122.3"]),
            ],
        ),
    ],
)
def test_the_xlsx_annex(response, group_by, grouped_by, groups):
    with time_machine.travel(COMPILED_AT, tick=False):
        compiled = annex.compile_annex(cycle=response["cycle"], group_by=group_by)
    stream = io.BytesIO()
    annex.write_xlsx(compiled, stream)
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream)
    assert workbook.sheetnames == ["Cover", "Annex"]
    cover_rows = [list(row) for row in workbook["Cover"].iter_rows(values_only=True)]
    assert cover_rows == [
        ["Annex: response to the recommendations of UPR-2024", None],
        [None, None],
        *cover(grouped_by),
    ]
    rows = [list(row) for row in workbook["Annex"].iter_rows(values_only=True)]
    assert rows == [
        XLSX_HEADER,
        *[xlsx_rec(group, ref) for group, refs in groups for ref in refs],
    ]


def test_another_cycles_content_is_not_in_the_annex(world, response):
    compiled = annex.compile_annex(cycle=response["cycle"])
    references = {item.reference for item in compiled.recommendations}
    actions = {a.reference for item in compiled.recommendations for a in item.actions}
    assert references == {"122.1", "122.2", "122.3", "122.4"}
    assert actions == {"ACT-POL-1", "ACT-NEW-1"}


def test_a_draft_link_to_a_published_action_counts_as_proposed(world, response):
    """A published action of another cycle proposed for 122.4 in a draft."""
    msd_action = world.msd_action
    draft = msd_action.get_latest_revision_as_object()
    draft.recommendations.set(
        [world.crc_recommendation, response["recommendations"][3]]
    )
    draft.save_revision(user=world.msd_contributor)
    compiled = annex.compile_annex(cycle=response["cycle"])
    fourth = compiled.recommendations[3]
    assert [(a.reference, a.state) for a in fourth.actions] == [
        ("ACT-MSD-1", "Published, with a draft change")
    ]
    assert fourth.response == "Action proposed"


def test_the_annex_says_what_the_board_says(world, response):
    """A draft of ACT-POL-1 unlinking 122.1 proposes a change; until it is
    approved the published link stands (the board: agreed). The annex once
    read the draft alone and said 122.1 awaited a response."""
    draft = world.police_action.get_latest_revision_as_object()
    draft.recommendations.set([])
    draft.save_revision(user=world.police_contributor)
    compiled = annex.compile_annex(cycle=response["cycle"])
    board = {row.recommendation.reference: row for row in board_rows(response["cycle"])}
    assert [
        (item.reference, board[item.reference].state, item.response)
        for item in compiled.recommendations
    ] == [
        ("122.1", "agreed", "Action proposed"),
        ("122.2", "proposed", "Action proposed"),
        ("122.3", "no_action", "No action proposed"),
        ("122.4", "awaiting", "Awaiting a response"),
    ]
    first = compiled.recommendations[0]
    assert [(a.reference, a.state) for a in first.actions] == [
        ("ACT-POL-1", "Published, with a draft change")
    ]
    assert dict(compiled.cover)["With an action proposed"] == "2"
    assert dict(compiled.cover)["Awaiting a response"] == "1"


def test_a_published_explanation_is_the_agreed_response(world, response):
    """122.3's published explanation is agreed (the board); a later draft
    action proposed for it is listed under it, not taken as its response."""
    third = response["recommendations"][2]
    Recommendation.objects.filter(pk=third.pk).update(no_action_reason=REASON)
    proposal = Action.objects.create(
        reference="ACT-NEW-2", title="A late proposal", live=False
    )
    proposal.recommendations.set([third])
    proposal.save_revision(user=world.msd_contributor)
    compiled = annex.compile_annex(cycle=response["cycle"])
    item = compiled.recommendations[2]
    assert board_rows(response["cycle"])[2].state == "agreed"
    assert item.response == "No action proposed"
    assert annex_response_lines(item) == [
        f"No action proposed: {REASON}",
        "ACT-NEW-2 A late proposal — New [Draft]",
    ]
    assert dict(compiled.cover)["No action proposed"] == "1"


# The command ------------------------------------------------------------------


def test_the_command_writes_word_and_xlsx(response, tmp_path):
    out = io.StringIO()
    target = tmp_path / "annex.docx"
    call_command("cabinet_annex", "UPR-2024", "--output", str(target), stdout=out)
    assert out.getvalue() == (
        f"Wrote {target}: 4 recommendations of UPR-2024 in 3 groups by issue.\n"
    )
    headings = [
        p.text for p in docx.Document(target).paragraphs if p.style.name == "Heading 2"
    ]
    assert headings == ["Equality", "Justice", "No human rights issue"]

    workbook_path = tmp_path / "annex.xlsx"
    call_command(
        "cabinet_annex",
        "upr-2024",
        "--output",
        str(workbook_path),
        "--group-by",
        "agency",
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(workbook_path)["Annex"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Ministry of Social Development",
        "Ministry of Social Development",
        "New Zealand Police",
        "New Zealand Police",
        "No responsible agency",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["NOPE-1999", "--output", "{tmp}/annex.docx"],
            "NOPE-1999: no reporting cycle has this code; the cycles are "
            "CRC-2023, UPR-2024.",
        ),
        (
            ["UPR-2024", "--output", "{tmp}/annex.docx", "--group-by", "body"],
            "--group-by body: not a grouping; use issue or agency.",
        ),
        (
            ["UPR-2024", "--output", "{tmp}/annex.pdf"],
            "--output {tmp}/annex.pdf: the file must end .docx or .xlsx.",
        ),
        (
            ["UPR-2024", "--output", "{tmp}/missing/annex.docx"],
            "{tmp}/missing/annex.docx: No such file or directory",
        ),
    ],
)
def test_the_command_refuses_with_a_precise_error(
    response, tmp_path, arguments, message
):
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    with pytest.raises(CommandError) as error:
        call_command("cabinet_annex", *arguments, stdout=io.StringIO())
    assert str(error.value) == message.replace("{tmp}", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_command_exits_non_zero_without_output(response):
    with pytest.raises(CommandError) as error:
        call_command("cabinet_annex", "UPR-2024")
    assert str(error.value) == (
        "Error: the following arguments are required: --output/-o"
    )
