"""The Atom feed of newly published progress reports: ``/feeds/reports.xml``,
filtered like the API's ``progressReports`` list, published content only."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import ProgressReportFactory

from .conftest import make_action

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339's date-time: seconds, optional fraction, and a Z or an offset.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def moment(value):
    assert RFC3339.fullmatch(value), value
    return datetime.datetime.fromisoformat(value)


@pytest.fixture
def reports(taxonomy):
    now = timezone.now()
    moj = make_action(taxonomy, "A-1", lead="MoJ")
    msd = make_action(taxonomy, "A-2", lead="MSD", agencies=["TPK"])
    hidden = make_action(taxonomy, "A-3", lead="MoJ", live=False)
    made = {}
    for title, action, days, fields in [
        ("Courts reviewed", moj, 3, {"proposed_status": "in_progress"}),
        ("Plan agreed", msd, 1, {}),
        ("Plan delivered", msd, 0, {"proposed_status": "completed"}),
        ("On a draft action", hidden, 0, {}),
        ("Draft report", moj, 0, {"live": False}),
    ]:
        made[title] = ProgressReportFactory(
            action=action,
            title=title,
            first_published_at=now - datetime.timedelta(days=days),
            **fields,
        )
    return made


def feed(client, params=None):
    response = client.get("/feeds/reports.xml", params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def text(element, tag):
    found = element.find(ATOM + tag)
    assert found is not None, tag
    return found.text


def titles(root):
    return [text(entry, "title") for entry in root.findall(ATOM + "entry")]


def test_the_feed_is_atom_with_every_required_element(client, reports):
    root = feed(client)
    assert root.tag == ATOM + "feed"
    assert text(root, "id") == "http://testserver/feeds/reports.xml"
    assert text(root, "title") == "Human Rights Monitor — new progress reports"
    # RFC 3339: the newest entry's date, with its offset.
    assert moment(text(root, "updated")) == reports["Plan delivered"].first_published_at
    [self_link] = [
        link for link in root.findall(ATOM + "link") if link.get("rel") == "self"
    ]
    assert self_link.get("href") == "http://testserver/feeds/reports.xml"
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 3
    first = entries[0]
    report = reports["Plan delivered"]
    assert text(first, "title") == "A-2: Plan delivered"
    assert text(first, "id") == (
        f"http://testserver/?view=actions&action=A-2#progress-report-{report.pk}"
    )
    assert moment(text(first, "updated")) == report.first_published_at
    assert moment(text(first, "published")) == report.first_published_at
    [link] = first.findall(ATOM + "link")
    assert link.get("href") == "http://testserver/?view=actions&action=A-2"
    assert text(first, "summary") == "Work is under way."


def test_newest_first_and_never_a_draft(client, reports):
    assert titles(feed(client)) == [
        "A-2: Plan delivered",
        "A-2: Plan agreed",
        "A-1: Courts reviewed",
    ]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"actions": "A-1"}, ["A-1: Courts reviewed"]),
        ({"agencies": "tpk"}, ["A-2: Plan delivered", "A-2: Plan agreed"]),
        (
            {"proposedStatuses": "COMPLETED,IN_PROGRESS"},
            ["A-2: Plan delivered", "A-1: Courts reviewed"],
        ),
        ({"agencies": "MoJ", "proposedStatuses": "COMPLETED"}, []),
    ],
)
def test_the_feed_is_filtered_like_the_api_list(client, reports, params, expected):
    root = feed(client, params)
    assert titles(root) == expected
    # The filtered feed is its own feed, with its own id.
    assert text(root, "id").startswith("http://testserver/feeds/reports.xml?")


def test_an_unknown_code_is_refused_naming_it(client, reports):
    response = client.get("/feeds/reports.xml", {"agencies": "MoJ,NOPE"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Unknown agencies code: NOPE.")
    # Positive control: the known code alone is accepted.
    assert titles(feed(client, {"agencies": "MoJ"})) == ["A-1: Courts reviewed"]


def test_an_unknown_filter_is_refused_naming_it(client, reports):
    response = client.get("/feeds/reports.xml", {"bodies": "UPR"})
    assert response.status_code == 400
    assert response.content.decode().startswith("Unknown filter bodies;")


def test_the_feed_is_limited_to_the_newest_fifty(client, taxonomy):
    action = make_action(taxonomy, "A-9", lead="MoJ")
    start = timezone.now()
    for n in range(52):
        ProgressReportFactory(
            action=action,
            title=f"R{n:02d}",
            first_published_at=start + datetime.timedelta(minutes=n),
        )
    got = titles(feed(client))
    assert len(got) == 50
    assert got[0] == "A-9: R51"
    assert got[-1] == "A-9: R02"
