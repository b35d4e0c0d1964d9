"""The public CSV: the template's columns with their codes, names beside
them, a recommendation's actions with their status, an action's overdue
flag — published relations only — and a file that imports again."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine

from content_models.models import DueDate

from .conftest import make_action, make_recommendation

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(
    2026, 12, 6, 10, 0, tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland")
)


def export(client, kind, params=None):
    response = client.get(f"/export/{kind}.csv", params or {})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def named_world(taxonomy):
    t = taxonomy
    recommendation = make_recommendation(
        t,
        "UPR-2024",
        "1.1",
        text="End seclusion in justice settings.",
        states=["FJI", "AUS"],
        issues=["justice", "housing"],
        groups=["maori"],
        sdgs=[16, 5],
        agencies=["MSD", "MoJ"],
        upr_response="supported",
    )
    make_action(
        t,
        "A-2",
        title="Housing plan",
        recommendations=[recommendation],
        lead="MSD",
        progress_status="completed",
    )
    late = make_action(
        t,
        "A-1",
        title="Justice plan",
        recommendations=[recommendation],
        lead="MoJ",
        agencies=["TPK", "MSD"],
        issues=["justice"],
        groups=["maori"],
        progress_status="in_progress",
        target_date=datetime.date(2026, 6, 30),
    )
    make_action(t, "A-3", title="A draft", recommendations=[recommendation], live=False)
    DueDate.objects.create(action=late, date=datetime.date(2026, 7, 1))


def test_recommendations_have_names_and_their_actions_status(client, named_world):
    header, *rows = export(client, "recommendations")
    assert header == [
        "cycle", "cycle_name", "body", "body_name", "reference", "text", "title",
        "recommending_states", "recommending_state_names",
        "issues", "issue_names", "affected_groups", "affected_group_names",
        "sdgs", "sdg_names", "responsible_agencies", "responsible_agency_names",
        "prioritised", "upr_response", "response_comment", "follow_up",
        "no_action_reason", "document_symbol", "paragraph", "source_url", "uhri_id",
        "actions", "action_statuses",
    ]  # fmt: skip
    assert rows == [
        [
            "UPR-2024", "Cycle UPR-2024", "UPR", "Universal Periodic Review", "1.1",
            "End seclusion in justice settings.", "",
            "AUS; FJI", "Australia; Fiji",
            "housing; justice", "Housing; Justice", "maori", "Māori",
            "5; 16", "Goal 5; Goal 16", "MoJ; MSD",
            "Ministry of Justice; Ministry of Social Development",
            "no", "supported", "", "no", "", "", "", "", "",
            "A-1; A-2", "in_progress; completed",
        ]
    ]  # fmt: skip


def test_actions_have_names_and_say_which_are_overdue(client, named_world):
    with time_machine.travel(NOW, tick=False):
        header, *rows = export(client, "actions")
    assert header == [
        "reference", "title", "description", "desired_outcome", "recommendations",
        "lead_agency", "lead_agency_name", "responsible_agencies",
        "responsible_agency_names", "issues", "issue_names", "affected_groups",
        "affected_group_names", "progress_status", "smart", "target_date", "overdue",
        "target_date_comment", "cabinet_reference", "pre_existing",
    ]  # fmt: skip
    assert rows == [
        [
            "A-1", "Justice plan", "", "", "UPR-2024/1.1", "MoJ", "Ministry of Justice",
            "MSD; TPK", "Ministry of Social Development; Te Puni Kōkiri",
            "justice", "Justice", "maori", "Māori", "in_progress", "", "2026-06-30",
            "yes", "", "", "no",
        ],
        [
            "A-2", "Housing plan", "", "", "UPR-2024/1.1", "MSD",
            "Ministry of Social Development", "", "", "", "", "", "", "completed", "",
            "", "no", "", "", "no",
        ],
    ]  # fmt: skip
    # The day before A-1's target date, and before its report was due: on time.
    with time_machine.travel(NOW.replace(month=6, day=29), tick=False):
        _header, *rows = export(client, "actions")
    assert [row[16] for row in rows] == ["no", "no"]


def test_indicators_name_their_action_and_agency(client, named_world, taxonomy):
    from content_models.models import Action
    from tests.factories import IndicatorFactory

    IndicatorFactory(
        reference="I-1",
        title="Cases heard",
        action=Action.objects.get(reference="A-1"),
        responsible_agency=taxonomy["agencies"]["TPK"],
    )
    header, *rows = export(client, "indicators")
    assert header == [
        "reference", "action", "action_title", "title", "description", "kind",
        "responsible_agency", "responsible_agency_name", "start_date", "end_date",
        "report_every_months", "smart", "unit", "baseline_value", "baseline_date",
        "target_value", "target_date", "measured_values",
    ]  # fmt: skip
    # A process step: the measure columns are empty.
    assert rows == [
        ["I-1", "A-1", "Justice plan", "Cases heard", "", "process_step", "TPK",
         "Te Puni Kōkiri", "", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
