"""A page's taxonomy lists are read from their link tables and a copy of the
taxonomy per publication version (schema/taxonomy_lists.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Recommendation

from .conftest import make_action, make_recommendation

pytestmark = pytest.mark.django_db

PAGE = """{ recommendations { items { reference
  recommendingStates { code name } issues { slug name }
  affectedGroups(limit: 1) { slug } sdgs { number }
  responsibleAgencies(offset: 1) { code } } } }"""


@pytest.fixture
def page(taxonomy):
    make_recommendation(
        taxonomy,
        "UPR-2024",
        "1",
        states=["FJI", "AUS", "CAN"],
        issues=["justice", "housing"],
        groups=["maori", "children"],
        sdgs=[16, 5],
        agencies=["TPK", "MoJ", "MSD"],
    )
    make_recommendation(taxonomy, "UPR-2024", "2", issues=["justice"])
    make_recommendation(taxonomy, "UPR-2024", "3", states=["AUS"], live=False)


def test_each_list_in_the_taxonomy_order_with_paging(gql, page):
    assert gql(PAGE)["recommendations"]["items"] == [
        {
            "reference": "1",
            "recommendingStates": [
                {"code": "AUS", "name": "Australia"},
                {"code": "CAN", "name": "Canada"},
                {"code": "FJI", "name": "Fiji"},
            ],
            "issues": [
                {"slug": "housing", "name": "Housing"},
                {"slug": "justice", "name": "Justice"},
            ],
            "affectedGroups": [{"slug": "children"}],
            "sdgs": [{"number": 5}, {"number": 16}],
            # By name: Ministry of Justice, Ministry of Social Development,
            # Te Puni Kōkiri; the first skipped.
            "responsibleAgencies": [{"code": "MSD"}, {"code": "TPK"}],
        },
        {
            "reference": "2",
            "recommendingStates": [],
            "issues": [{"slug": "justice", "name": "Justice"}],
            "affectedGroups": [],
            "sdgs": [],
            "responsibleAgencies": [],
        },
    ]


def test_the_same_as_one_item_read_through_the_optimizer(gql, page):
    """The single-item field still prefetches through the ORM: both agree."""
    one = gql(
        '{ recommendation(cycle: "UPR-2024", reference: "1") '
        "{ reference recommendingStates { code name } issues { slug name } "
        "affectedGroups(limit: 1) { slug } sdgs { number } "
        "responsibleAgencies(offset: 1) { code } } }"
    )["recommendation"]
    assert gql(PAGE)["recommendations"]["items"][0] == one


def test_one_query_on_the_link_table_per_list(gql, page):
    gql(PAGE)  # builds the facet index and the taxonomy copies
    with CaptureQueriesContext(connection) as queries:
        gql(PAGE)
    selects = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
    ]
    # The version, the page, and five link tables; no taxonomy table.
    assert len(selects) == 7, selects
    link_tables = [
        sql for sql in selects if sql.startswith('SELECT "recommendation_id", ')
    ]
    assert len(link_tables) == 5, selects
    assert not any('FROM "content_models_country"' in sql for sql in selects)


def test_a_renamed_issue_shows_at_once(gql, page, taxonomy):
    query = "{ recommendations { items { issues(limit: 1) { name } } } }"
    assert gql(query)["recommendations"]["items"][1]["issues"] == [{"name": "Justice"}]
    issue = taxonomy["issues"]["justice"]
    issue.name = "Access to justice"
    issue.save()
    assert gql(query)["recommendations"]["items"][1]["issues"] == [
        {"name": "Access to justice"}
    ]


def test_lists_of_nested_items_still_go_through_the_optimizer(gql, taxonomy):
    """An action's issues inside a recommendation are not a page's own list:
    the optimizer's prefetch serves them (drafts of actions stay out)."""
    recommendation = make_recommendation(taxonomy, "UPR-2024", "1")
    make_action(taxonomy, "A-1", recommendations=[recommendation], issues=["housing"])
    make_action(
        taxonomy,
        "A-2",
        recommendations=[recommendation],
        issues=["justice"],
        live=False,
    )
    data = gql(
        "{ recommendations { items { actions { reference issues { slug } } } } }"
    )
    assert data["recommendations"]["items"] == [
        {"actions": [{"reference": "A-1", "issues": [{"slug": "housing"}]}]}
    ]


TAXONOMY_TABLES = ('FROM "content_models_country"', 'FROM "content_models_agency"')


def taxonomy_reads(queries):
    return [
        query["sql"]
        for query in queries.captured_queries
        if any(table in query["sql"] for table in TAXONOMY_TABLES)
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("fresh_facet_indexes")
def test_the_copies_are_read_again_after_a_taxonomy_change_not_a_publish(
    gql, page, taxonomy
):
    """Kept with the facet index (committed for real: an index read in the
    test's transaction is never patched, only built)."""
    gql(PAGE)
    draft = Recommendation.objects.get(reference="3")
    draft.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        items = gql(PAGE)["recommendations"]["items"]
    assert [item["reference"] for item in items] == ["1", "2", "3"]
    assert items[2]["recommendingStates"] == [{"code": "AUS", "name": "Australia"}]
    assert taxonomy_reads(queries) == []

    # Positive control: a State renamed is read again, with the index.
    australia = taxonomy["countries"]["AUS"]
    australia.name = "Commonwealth of Australia"
    australia.save()
    with CaptureQueriesContext(connection) as queries:
        items = gql(PAGE)["recommendations"]["items"]
    assert items[2]["recommendingStates"] == [
        {"code": "AUS", "name": "Commonwealth of Australia"}
    ]
    # The index built again (its labels of States and agencies), then the
    # page's copies of both.
    reads = taxonomy_reads(queries)
    assert len(reads) == 4, reads
    assert sum('"content_models_country"."alpha_2"' in sql for sql in reads) == 1
