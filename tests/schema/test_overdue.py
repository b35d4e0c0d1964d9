"""Overdue actions: past their target date (not completed) or owing a progress
report whose due date has passed, as of today in New Zealand — in the action
fields, the ``overdue`` filter, the CSV export, and never a stale answer from
yesterday's cache."""

import datetime
import zoneinfo

import pytest
import time_machine

from content_models.models import DueDate
from tests.factories import IndicatorFactory, ProgressReportFactory

from .conftest import make_action

pytestmark = pytest.mark.django_db

NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
# 10:00 on 6 December 2026 in New Zealand (still 5 December in UTC).
NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=NZ)

ACTIONS = """query($filter: ActionFilter) {
  actions(filter: $filter, limit: 100) {
    totalCount
    items { reference pastTargetDate overdueReports reportOverdueSince overdue }
  } }"""


@pytest.fixture
def overdue_world(taxonomy):
    """One action of each kind, and a draft that is overdue but never shown."""
    past = datetime.date(2026, 12, 5)
    today = datetime.date(2026, 12, 6)
    make_action(taxonomy, "A-LATE", progress_status="in_progress", target_date=past)
    make_action(taxonomy, "A-DONE", progress_status="completed", target_date=past)
    make_action(taxonomy, "A-TODAY", progress_status="in_progress", target_date=today)
    make_action(taxonomy, "A-NODATE", progress_status="in_preparation")
    owes = make_action(taxonomy, "A-OWES", progress_status="in_progress")
    DueDate.objects.create(action=owes, date=datetime.date(2026, 7, 1))
    DueDate.objects.create(action=owes, date=datetime.date(2026, 10, 1))
    DueDate.objects.create(action=owes, date=today)  # due today: not overdue yet
    answered = make_action(taxonomy, "A-ANSWERED", progress_status="in_progress")
    due = DueDate.objects.create(action=answered, date=datetime.date(2026, 7, 1))
    ProgressReportFactory(action=answered, due_date=due)
    # A report of a draft indicator is not owed.
    hidden = make_action(taxonomy, "A-DRAFT-INDICATOR", progress_status="in_progress")
    indicator = IndicatorFactory(action=hidden, reference="I-DRAFT", live=False)
    DueDate.objects.create(
        action=hidden, indicator=indicator, date=datetime.date(2026, 7, 1)
    )
    make_action(
        taxonomy,
        "A-UNPUBLISHED",
        progress_status="in_progress",
        target_date=past,
        live=False,
    )


def rows(gql, filter_=None):
    result = gql(ACTIONS, {"filter": filter_})["actions"]
    return {item["reference"]: item for item in result["items"]}


def test_action_fields_say_what_is_overdue_today(gql, overdue_world):
    with time_machine.travel(NOW, tick=False):
        found = rows(gql)
    assert found == {
        "A-ANSWERED": {
            "reference": "A-ANSWERED",
            "pastTargetDate": False,
            "overdueReports": 0,
            "reportOverdueSince": None,
            "overdue": False,
        },
        "A-DONE": {
            "reference": "A-DONE",
            "pastTargetDate": False,
            "overdueReports": 0,
            "reportOverdueSince": None,
            "overdue": False,
        },
        "A-DRAFT-INDICATOR": {
            "reference": "A-DRAFT-INDICATOR",
            "pastTargetDate": False,
            "overdueReports": 0,
            "reportOverdueSince": None,
            "overdue": False,
        },
        "A-LATE": {
            "reference": "A-LATE",
            "pastTargetDate": True,
            "overdueReports": 0,
            "reportOverdueSince": None,
            "overdue": True,
        },
        "A-NODATE": {
            "reference": "A-NODATE",
            "pastTargetDate": False,
            "overdueReports": 0,
            "reportOverdueSince": None,
            "overdue": False,
        },
        "A-OWES": {
            "reference": "A-OWES",
            "pastTargetDate": False,
            "overdueReports": 2,
            "reportOverdueSince": "2026-07-01",
            "overdue": True,
        },
        "A-TODAY": {
            "reference": "A-TODAY",
            "pastTargetDate": False,
            "overdueReports": 0,
            "reportOverdueSince": None,
            "overdue": False,
        },
    }


def test_the_overdue_filter_selects_exactly_those_ids(gql, client, overdue_world):
    with time_machine.travel(NOW, tick=False):
        assert sorted(rows(gql, {"overdue": True})) == ["A-LATE", "A-OWES"]
        assert sorted(rows(gql, {"overdue": False})) == [
            "A-ANSWERED",
            "A-DONE",
            "A-DRAFT-INDICATOR",
            "A-NODATE",
            "A-TODAY",
        ]
        response = client.get("/export/actions.csv", {"overdue": "yes"})
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    references = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert references == ["A-LATE", "A-OWES"]


def test_overdue_follows_the_date_without_a_publication(gql, client, overdue_world):
    """The same GET the next day is answered afresh, not from the cache."""
    url = "/graphql/"
    params = {"query": "{ actions(filter: {overdue: true}) { items { reference } } }"}
    with time_machine.travel(NOW, tick=False):
        first = client.get(url, params).json()
    assert [item["reference"] for item in first["data"]["actions"]["items"]] == [
        "A-LATE",
        "A-OWES",
    ]
    # Midnight in New Zealand: A-TODAY's target date and A-OWES's third
    # due date are now yesterday.
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        second = client.get(url, params).json()
    assert [item["reference"] for item in second["data"]["actions"]["items"]] == [
        "A-LATE",
        "A-OWES",
        "A-TODAY",
    ]
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        assert rows(gql)["A-OWES"]["overdueReports"] == 3


def test_an_unknown_code_beside_overdue_is_named(gql, client, overdue_world):
    query = "query($filter: ActionFilter) { actions(filter: $filter) { totalCount } }"
    response = gql.post(query, {"filter": {"bodies": ["XYZ"], "overdue": True}})
    payload = response.json()
    assert payload["data"] is None
    assert payload["errors"][0]["message"] == (
        "Unknown bodies code: XYZ. Known codes: CAT, UPR."
    )
    assert payload["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    response = client.get("/export/actions.csv", {"bodies": "XYZ", "overdue": "yes"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "Unknown bodies code: XYZ. Known codes: CAT, UPR."
    )
    # Positive control: a known code with the same flag is answered.
    with time_machine.travel(NOW, tick=False):
        assert rows(gql, {"bodies": ["UPR"], "overdue": True}) == {}
