"""Measured indicators end to end: import with a unit, baseline and target →
publish → reports record values → API → public export → import again (no-op);
bad values refused with row, column and message; a draft's value never public."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from content_models.models import Action, Indicator, ProgressReport
from importers.reading import Source

from ..factories import ProgressReportFactory
from .conftest import FILES, do_import, problems

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,action,title,kind,start_date,end_date,report_every_months,"
    "unit,baseline_value,baseline_date,target_value,target_date"
)
MEASURED = (
    f"{HEADER}\n"
    "IND-0100,ACT-0002,Places in the programme,progress_indicator,2026-01-01,"
    '2027-01-01,6,places,"1,200",2025-07-01,2500.5,2027-06-30\n'
    "IND-0101,ACT-0002,Visits made,process_step,2026-03-01,,,,,,,\n"
)

QUERY = """
query($reference: String) {
  indicator(reference: $reference) {
    reference unit baseline { date value } target { date value }
    values { date value }
    progressReports { title measuredValue dueDate }
  }
}"""


@pytest.fixture
def world(taxonomies, admin_user):
    do_import("recommendations", Source.from_path(FILES / "recommendations.csv"))
    do_import("actions", Source.from_path(FILES / "actions.csv"))
    action = Action.objects.get(reference="ACT-0002")
    action.get_latest_revision_as_object().save_revision().publish()
    return action


def graphql(client, reference):
    response = client.post(
        "/graphql/",
        json.dumps({"query": QUERY, "variables": {"reference": reference}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]["indicator"]


def public_indicators(client):
    response = client.get("/export/indicators.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return text, {row["reference"]: row for row in csv.DictReader(io.StringIO(text))}


def report(indicator, due, value, title, *, publish=True):
    obj = ProgressReportFactory(
        action=indicator.action,
        indicator=indicator,
        due_date=due,
        title=title,
        measured_value=value,
        live=False,
    )
    revision = obj.save_revision()
    if publish:
        revision.publish()
    return obj


def test_measured_indicator_end_to_end(world, admin_user, client):
    run = do_import("indicators", MEASURED, publish=True, user=admin_user)
    assert problems(run) == []
    assert run.created_count == 2
    measured = Indicator.objects.get(reference="IND-0100")
    assert (measured.unit, measured.baseline_value, measured.baseline_date) == (
        "places",
        Decimal("1200"),
        datetime.date(2025, 7, 1),
    )
    assert (measured.target_value, measured.target_date) == (
        Decimal("2500.5"),
        datetime.date(2027, 6, 30),
    )
    dues = list(measured.due_dates.order_by("date"))
    assert [due.date for due in dues] == [
        datetime.date(2026, 7, 1),
        datetime.date(2027, 1, 1),
    ]
    report(measured, dues[1], Decimal("1900"), "Second half")
    report(measured, dues[0], Decimal("1450.25"), "First half")
    # A draft report's value, and a published report's pending change, stay out.
    report(measured, None, Decimal("99999"), "Draft", publish=False)
    changed = ProgressReport.objects.get(title="First half")
    pending = changed.get_latest_revision_as_object()
    pending.measured_value = Decimal("77777")
    pending.save_revision()

    data = graphql(client, "IND-0100")
    assert data["unit"] == "places"
    assert data["baseline"] == {"date": "2025-07-01", "value": "1200"}
    assert data["target"] == {"date": "2027-06-30", "value": "2500.5"}
    assert data["values"] == [
        {"date": "2026-07-01", "value": "1450.25"},
        {"date": "2027-01-01", "value": "1900"},
    ]
    assert sorted(
        (item["title"], item["measuredValue"]) for item in data["progressReports"]
    ) == [("First half", "1450.25"), ("Second half", "1900")]
    # A process step: nothing measured, as before.
    step = graphql(client, "IND-0101")
    assert (step["unit"], step["baseline"], step["target"], step["values"]) == (
        None,
        None,
        None,
        [],
    )

    text, rows = public_indicators(client)
    assert "99999" not in text and "77777" not in text
    header = text.splitlines()[0].split(",")
    assert header[-6:] == [
        "unit",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "measured_values",
    ]
    row = rows["IND-0100"]
    assert (row["unit"], row["baseline_value"], row["target_value"]) == (
        "places",
        "1200",
        "2500.5",
    )
    assert row["measured_values"] == "2026-07-01=1450.25; 2027-01-01=1900"
    assert rows["IND-0101"]["measured_values"] == ""

    # The public export imports again without changing anything.
    revisions = Revision.objects.count()
    again = do_import("indicators", text, user=admin_user)
    assert problems(again) == []
    assert (again.created_count, again.updated_count) == (0, 0)
    assert Revision.objects.count() == revisions
    # Positive control: a changed target is an update.
    changed_target = text.replace("2500.5", "2600")
    moved = do_import("indicators", changed_target, user=admin_user, dry_run=True)
    assert (moved.created_count, moved.updated_count) == (0, 1)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            "places,120,,,",
            [
                "row 2, baseline_date: A baseline value needs its date: give both "
                "or neither."
            ],
        ),
        (
            "places,,,,2027-06-30",
            [
                "row 2, target_value: A target date needs its value: give both or "
                "neither."
            ],
        ),
        (
            ",120,2025-07-01,,",
            ["row 2, unit: A baseline or target needs a unit: what the value counts."],
        ),
        (
            "places,12.5.1,2025-07-01,,",
            [
                "row 2, baseline_value: “12.5.1” is not a number; write it with a "
                "decimal point, e.g. 12.5."
            ],
        ),
        (
            "places,120,2025-07-01,3.14159,2027-06-30",
            [
                "row 2, target_value: “3.14159” has 5 decimal places; at most 4 "
                "are kept."
            ],
        ),
        (
            "places,1234567890123,2025-07-01,,",
            [
                "row 2, baseline_value: “1234567890123” is too large; at most 12 "
                "digits before the point."
            ],
        ),
        (
            "places,120,01/07/2025,,",
            [
                "row 2, baseline_date: “01/07/2025” is not a date; write dates as "
                "YYYY-MM-DD (did you mean 2025-07-01?)."
            ],
        ),
    ],
)
def test_bad_measures_are_refused_and_change_nothing(world, cells, expected):
    header = (
        "reference,action,title,unit,baseline_value,baseline_date,target_value,"
        "target_date"
    )
    rows = Indicator.objects.count()
    revisions = Revision.objects.count()
    run = do_import("indicators", f"{header}\nIND-0200,ACT-0002,Places,{cells}\n")
    assert problems(run) == expected
    assert (Indicator.objects.count(), Revision.objects.count()) == (rows, revisions)
    # Positive control: the same row with both halves given is imported.
    good = do_import(
        "indicators",
        f"{header}\nIND-0200,ACT-0002,Places,places,120,2025-07-01,300,2027-06-30\n",
    )
    assert problems(good) == []
    assert good.created_count == 1


def test_a_file_without_the_measure_columns_keeps_the_measure(world, admin_user):
    do_import("indicators", MEASURED, user=admin_user)
    run = do_import(
        "indicators",
        "reference,action,title\nIND-0100,ACT-0002,Places in the programme\n",
        user=admin_user,
    )
    assert problems(run) == []
    assert (run.created_count, run.updated_count) == (0, 0)
    indicator = Indicator.objects.get(reference="IND-0100")
    assert indicator.get_latest_revision_as_object().unit == "places"


def test_model_validation_names_the_field(world):
    indicator = Indicator(
        reference="IND-0300",
        action=world,
        title="Places",
        unit="places",
        baseline_value=Decimal("5"),
        target_date=datetime.date(2027, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert refused.value.message_dict == {
        "baseline_date": ["A baseline value needs its date: give both or neither."],
        "target_value": ["A target date needs its value: give both or neither."],
    }
    indicator.baseline_date = datetime.date(2025, 1, 1)
    indicator.target_value = Decimal("9")
    indicator.full_clean()  # positive control


def test_a_value_needs_a_measured_indicator(world):
    step = Indicator.objects.create(reference="IND-0301", action=world, title="Step")
    obj = ProgressReport(
        action=world,
        indicator=step,
        title="Done",
        body="<p>Done.</p>",
        measured_value=Decimal("3"),
    )
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    assert refused.value.message_dict == {
        "measured_value": [
            "The indicator IND-0301 has no unit (it is a process step); give it "
            "a unit before recording values."
        ]
    }
    without = ProgressReport(
        action=world, title="Loose", body="<p>x</p>", measured_value=Decimal("3")
    )
    with pytest.raises(ValidationError) as refused:
        without.full_clean()
    assert list(refused.value.message_dict) == ["measured_value"]
    step.unit = "visits"
    step.save()
    obj.indicator = step
    obj.full_clean()  # positive control: the indicator now has a unit
    obj.save()
    step.unit = ""
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert refused.value.message_dict == {
        "unit": [
            "Progress reports on this indicator record values in its unit; keep a unit."
        ]
    }
