"""Every list inside an item has offset and limit, with a bounded default."""

import pytest

from schema.schema import schema
from tests.factories import IndicatorFactory, ProgressReportFactory

from .conftest import make_action, make_recommendation

pytestmark = pytest.mark.django_db

# (type, field): default limit. The contract partners rely on; docs/api.md.
DEFAULTS = {
    ("Recommendation", "recommendingStates"): 50,
    ("Recommendation", "issues"): 20,
    ("Recommendation", "affectedGroups"): 20,
    ("Recommendation", "sdgs"): 17,
    ("Recommendation", "responsibleAgencies"): 20,
    ("Recommendation", "actions"): 10,
    ("Recommendation", "relatedRecommendations"): 10,
    ("Action", "recommendations"): 20,
    ("Action", "responsibleAgencies"): 20,
    ("Action", "issues"): 20,
    ("Action", "affectedGroups"): 20,
    ("Action", "smartCriteria"): 5,
    ("Action", "indicators"): 20,
    ("Action", "progressReports"): 20,
    ("Indicator", "smartCriteria"): 5,
    ("Indicator", "progressReports"): 20,
    ("HumanRightsBody", "cycles"): 20,
}


def test_every_nested_list_has_offset_and_a_bounded_limit():
    found = {}
    for type_name in ("Recommendation", "Action", "Indicator", "HumanRightsBody"):
        for field_name, field in schema._schema.type_map[type_name].fields.items():
            if "limit" in field.args:
                assert field.args["offset"].default_value == 0
                found[(type_name, field_name)] = field.args["limit"].default_value
    assert found == DEFAULTS


@pytest.fixture
def busy(taxonomy):
    """Two recommendations with 12 actions each; an action with 22 reports."""
    recommendations = [
        make_recommendation(taxonomy, "UPR-2024", reference) for reference in "12"
    ]
    for n in range(12):
        make_action(taxonomy, f"A-{n:02d}", recommendations=recommendations)
    return recommendations


def references(items):
    return [item["reference"] for item in items]


def test_a_nested_list_stops_at_its_default_for_each_parent(gql, busy):
    data = gql("{ recommendations { items { reference actions { reference } } } }")
    items = data["recommendations"]["items"]
    assert [references(item["actions"]) for item in items] == [
        [f"A-{n:02d}" for n in range(10)]
    ] * 2


def test_an_explicit_limit_and_offset_ask_for_more(gql, busy):
    query = """{ recommendation(cycle: "UPR-2024", reference: "1") {
      all: actions(limit: 12) { reference }
      rest: actions(offset: 10) { reference } } }"""
    data = gql(query)["recommendation"]
    assert references(data["all"]) == [f"A-{n:02d}" for n in range(12)]
    assert references(data["rest"]) == ["A-10", "A-11"]
    assert gql.errors(
        '{ recommendation(cycle: "UPR-2024", reference: "1") '
        "{ actions(limit: 101) { id } } }"
    ) == ["limit must be between 0 and 100."]


def test_progress_reports_keep_the_newest_twenty(gql, taxonomy):
    action = make_action(taxonomy, "A-1")
    indicator = IndicatorFactory(action=action, reference="I-1")
    reports = [
        ProgressReportFactory(action=action, indicator=indicator, title=f"R{n}")
        for n in range(22)
    ]
    newest_first = [report.title for report in reversed(reports)]
    query = """{ action(reference: "A-1") { progressReports { title }
      indicators { progressReports(limit: 21) { title } } } }"""
    data = gql(query)["action"]
    assert [report["title"] for report in data["progressReports"]] == newest_first[:20]
    assert [
        report["title"] for report in data["indicators"][0]["progressReports"]
    ] == newest_first[:21]


def test_smart_letters_and_a_capped_smart_criteria_list_together(gql, taxonomy):
    make_action(taxonomy, "A-1", smart="SMART")
    data = gql(
        '{ action(reference: "A-1") { smart smartCriteria(limit: 2) { letter } } }'
    )
    assert data["action"] == {
        "smart": ["S", "M", "A", "R", "T"],
        "smartCriteria": [{"letter": "S"}, {"letter": "M"}],
    }


def test_a_body_lists_its_cycles_newest_first(gql, taxonomy):
    data = gql("{ humanRightsBodies { code cycles(limit: 1) { code } } }")
    assert data["humanRightsBodies"] == [
        {"code": "CAT", "cycles": [{"code": "CAT-2023"}]},
        {"code": "UPR", "cycles": [{"code": "UPR-2024"}]},
    ]


def test_a_nested_list_reads_the_relations_of_the_page_only(gql, taxonomy):
    """Forty recommendations share an issue; a page of two reads two links
    (a windowed prefetch over a second join read all forty)."""
    from django.db.models.signals import post_init

    from content_models.models import HumanRightsIssue

    for n in range(40):
        make_recommendation(taxonomy, "UPR-2024", f"9.{n:02d}", issues=["justice"])
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    query = "{ recommendations(limit: 2) { items { issues { slug } } } }"
    gql(query)  # builds the facet index
    post_init.connect(count, sender=HumanRightsIssue)
    try:
        data = gql(query)
    finally:
        post_init.disconnect(count, sender=HumanRightsIssue)
    assert data["recommendations"]["items"] == [{"issues": [{"slug": "justice"}]}] * 2
    assert len(built) == 2


def test_a_page_reads_its_prefetched_lists_with_visibility_and_paging(gql, taxonomy):
    """Each item of a page reads its nested lists from one prefetch per list
    (not through a related manager per item): drafts stay out, offset and
    limit cut each item's own list, and nested lists of nested items too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = make_recommendation(taxonomy, "UPR-2024", "1", issues=["justice"])
    second = make_recommendation(taxonomy, "UPR-2024", "2")
    for n in range(5):
        make_action(
            taxonomy,
            f"A-{n}",
            recommendations=[first, second] if n % 2 else [first],
            issues=["justice"],
            live=n != 2,  # A-2 is a draft
        )
    every = "{ recommendations { items { reference actions { reference } } } }"
    assert [
        references(item["actions"]) for item in gql(every)["recommendations"]["items"]
    ] == [["A-0", "A-1", "A-3", "A-4"], ["A-1", "A-3"]]

    query = """{ recommendations { items { reference issues { slug }
      actions(offset: 1, limit: 2) { reference issues { slug } } } } }"""
    gql(query)  # the first request of a version also copies the taxonomy
    with CaptureQueriesContext(connection) as queries:
        data = gql(query)
    assert data["recommendations"]["items"] == [
        {
            "reference": "1",
            "issues": [{"slug": "justice"}],
            "actions": [
                {"reference": "A-1", "issues": [{"slug": "justice"}]},
                {"reference": "A-3", "issues": [{"slug": "justice"}]},
            ],
        },
        {
            "reference": "2",
            "issues": [],
            "actions": [{"reference": "A-3", "issues": [{"slug": "justice"}]}],
        },
    ]
    # The publication version, the page, its issues (the link table), its
    # actions and their issues: one query each, whatever the number of items.
    selects = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
    ]
    assert len(selects) == 5, selects
