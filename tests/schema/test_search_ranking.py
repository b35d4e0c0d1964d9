"""Relevance order ranks only what passes the filters, with the same result as
ranking every match first and filtering afterwards (the order before issue 16).

The reference here is computed without the facet index: the ORM gives the rows
the filters keep, ``search_ids(ranked=True)`` the order of every match
(drafts included), and the old semantics is that order restricted to those
rows. Runs on SQLite (FTS5, bm25) and PostgreSQL (``ts_rank``).
"""

import csv
import io
import pickle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Recommendation
from content_models.search import Relevance, parse, rank_ids, search_ids
from schema import listing
from schema.facets.engine import FacetIndex

from .conftest import make_recommendation

QUERY = """query($search: String, $filter: RecommendationFilter,
                 $order: RecommendationOrder, $offset: Int!, $limit: Int!) {
  recommendations(search: $search, filter: $filter, order: $order,
                  offset: $offset, limit: $limit) {
    totalCount items { id }
    facets { bodies { code count } issues { code count } } } }"""

# Texts with "rights" more or less often and in shorter or longer documents,
# so the ranks differ; several texts repeat, so ranks tie and the id decides.
TEXTS = [
    "rights",
    "rights rights rights",
    "rights of children and rights of whānau",
    "the rights of people held in prisons, and many other words besides these",
    "housing rights",
    "housing rights",
    "rights rights",
    "rights to housing and to an adequate standard of living for everyone",
    "rights",
    "nothing about the word at all",
]
CYCLES = ["UPR-2024", "CAT-2023", "UPR-2019"]
ISSUES = [["justice"], ["housing"], ["justice", "housing"], []]


@pytest.fixture(params=["rank what is left", "rank every match"])
def paths(request, monkeypatch):
    """Both ways to a relevance page with filters: ranking the ids the filters
    leave (at most every match, so a share of 2 always takes it) or every
    match (a share of 0)."""
    share = 2 if request.param == "rank what is left" else 0
    monkeypatch.setattr(listing, "BROAD_SHARE", share)


@pytest.fixture
def corpus(taxonomy, search_backend_ready):
    """36 recommendations (4 of them drafts, which match best) over bodies and
    issues; returns the drafts' ids."""
    drafts = []
    for n in range(32):
        make_recommendation(
            taxonomy,
            CYCLES[n % 3],
            f"{n}",
            text=TEXTS[n % len(TEXTS)],
            issues=ISSUES[n % 4],
        )
    for n in range(4):
        draft = make_recommendation(
            taxonomy,
            CYCLES[n % 3],
            f"D{n}",
            text="rights rights rights rights rights",
            issues=ISSUES[n % 4],
            live=False,
        )
        drafts.append(draft.pk)
    return drafts


def old_order(search, rows):
    """Every match ranked, then restricted to ``rows`` (the ORM's)."""
    allowed = set(rows.values_list("pk", flat=True))
    return [
        pk
        for pk in search_ids("recommendation", parse(search), ranked=True)
        if pk in allowed
    ]


FILTERS = [
    ({}, {}),
    ({"bodies": ["UPR"]}, {"cycle__body__code": "UPR"}),
    ({"issues": ["justice"]}, {"issues__slug": "justice"}),
    (
        {"bodies": ["UPR"], "issues": ["housing"]},
        {"cycle__body__code": "UPR", "issues__slug": "housing"},
    ),
    (
        {"bodies": ["CAT"], "issues": ["justice"]},
        {"cycle__body__code": "CAT", "issues__slug": "justice"},
    ),
]


@pytest.mark.parametrize("search", ["rights", "housing rights", '"rights of"'])
@pytest.mark.parametrize(("graphql_filter", "orm_filter"), FILTERS)
def test_ranked_pages_equal_ranking_everything_then_filtering(
    gql, corpus, paths, search, graphql_filter, orm_filter
):
    rows = Recommendation.objects.filter(live=True, **orm_filter).distinct()
    expected = old_order(search, rows)
    assert expected, "every case finds something"
    assert not set(expected) & set(corpus)
    pages = []
    for offset, limit in ((0, 4), (4, 4), (8, 100), (3, 1), (len(expected), 5)):
        result = gql(
            QUERY,
            {
                "search": search,
                "filter": graphql_filter,
                "offset": offset,
                "limit": limit,
            },
        )["recommendations"]
        assert result["totalCount"] == len(expected)
        page = [int(item["id"]) for item in result["items"]]
        assert page == expected[offset : offset + limit], (offset, limit)
        pages.append(page)
    # The first three pages are the whole list, in order.
    assert pages[0] + pages[1] + pages[2] == expected


def test_ties_are_broken_by_id_and_drafts_never_ranked(gql, corpus):
    ranked = old_order("rights", Recommendation.objects.filter(live=True))
    result = gql(QUERY, {"search": "rights", "offset": 0, "limit": 100})
    assert [int(item["id"]) for item in result["recommendations"]["items"]] == ranked
    # Equal ranks (repeated texts) come by id, on both databases.
    relevance = dict(
        Recommendation.objects.filter(pk__in=ranked)
        .annotate(relevance=Relevance("recommendation", parse("rights")))
        .values_list("pk", "relevance")
    )
    assert ranked == sorted(ranked, key=lambda pk: (-relevance[pk], pk))
    assert len(set(relevance.values())) < len(ranked) - 10
    # The drafts match best of all, and are in the full ranking, not the list.
    everything = search_ids("recommendation", parse("rights"), ranked=True)
    assert everything[:4] == sorted(corpus)


def test_facets_and_total_respect_the_search(gql, corpus):
    result = gql(
        QUERY,
        {
            "search": "housing rights",
            "filter": {"bodies": ["UPR"]},
            "offset": 0,
            "limit": 100,
        },
    )["recommendations"]
    matching = Recommendation.objects.filter(
        live=True, pk__in=search_ids("recommendation", parse("housing rights"))
    )
    # Bodies ignore their own filter; issues count the UPR matches only.
    bodies = {item["code"]: item["count"] for item in result["facets"]["bodies"]}
    assert bodies == {
        "UPR": matching.filter(cycle__body__code="UPR").count(),
        "CAT": matching.filter(cycle__body__code="CAT").count(),
    }
    issues = {item["code"]: item["count"] for item in result["facets"]["issues"]}
    upr = matching.filter(cycle__body__code="UPR")
    assert issues == {
        slug: upr.filter(issues__slug=slug).count()
        for slug in ("justice", "housing")
        if upr.filter(issues__slug=slug).exists()
    }
    assert result["totalCount"] == upr.count() > 0


def test_rank_ids_ranks_only_the_given_matching_ids(corpus):
    query = parse("rights")
    ranked = search_ids("recommendation", query, ranked=True)
    live = [pk for pk in ranked if pk not in corpus]
    chosen = live[::3]
    nothing = Recommendation.objects.get(reference="9").pk  # no "rights"
    given = [nothing, corpus[0], *reversed(chosen)]
    assert rank_ids("recommendation", query, given) == [corpus[0], *chosen]
    assert rank_ids("recommendation", query, given, limit=3) == [
        corpus[0],
        *chosen[:2],
    ]
    assert rank_ids("recommendation", query, chosen, limit=0) == []
    assert rank_ids("recommendation", query, []) == []
    assert rank_ids("recommendation", parse(""), chosen) == []
    # Positive control: the unranked search finds the same rows.
    assert set(search_ids("recommendation", query)) == set(ranked)


def test_export_lists_the_filtered_rows_in_relevance_order(client, corpus, paths):
    rows = Recommendation.objects.filter(live=True, cycle__body__code="UPR")
    expected = [
        f"{pk_row.cycle.code}/{pk_row.reference}"
        for pk_row in (
            Recommendation.objects.select_related("cycle").get(pk=pk)
            for pk in old_order("rights", rows)
        )
    ]
    response = client.get(
        "/export/recommendations.csv", {"search": "rights", "bodies": "upr"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    got = [
        f"{row['cycle']}/{row['reference']}"
        for row in csv.DictReader(io.StringIO(text))
    ]
    assert got == expected
    assert len(got) > 10


def search_statements(gql, variables):
    with CaptureQueriesContext(connection) as queries:
        result = gql(QUERY, {"offset": 0, "limit": 5, **variables})
    statements = [q["sql"] for q in queries if "schema_search_" in q["sql"]]
    return result["recommendations"], statements


def test_matches_are_kept_with_the_index_of_a_version(gql, taxonomy, corpus, settings):
    narrow = {"search": "rights", "filter": {"bodies": ["UPR"]}}
    first, statements = search_statements(gql, narrow)
    assert len(statements) == 2  # the match, then the ranking
    # Another page, other filters: the same matches, ranked again only.
    again, statements = search_statements(gql, {**narrow, "offset": 5})
    assert len(statements) == 1 and "ORDER BY" in statements[0]
    other, statements = search_statements(
        gql, {"search": "rights", "filter": {"issues": ["justice"]}}
    )
    assert len(statements) == 1
    assert other["totalCount"] == len(
        old_order(
            "rights", Recommendation.objects.filter(live=True, issues__slug="justice")
        )
    )
    # Not kept at all (positive control of the counting above).
    settings.GRAPHQL_SEARCH_CACHE_SIZE = 0
    _, statements = search_statements(gql, {"search": "housing rights"})
    assert len(statements) == 1  # no filters: one ranked match
    _, statements = search_statements(gql, {"search": "housing rights"})
    assert len(statements) == 1
    _, statements = search_statements(gql, narrow)
    assert len(statements) == 2
    # A publish makes a new version, a new index, and new matches.
    settings.GRAPHQL_SEARCH_CACHE_SIZE = 64
    before, _ = search_statements(gql, narrow)
    make_recommendation(taxonomy, "UPR-2024", "new", text="rights")
    after, statements = search_statements(gql, narrow)
    assert after["totalCount"] == before["totalCount"] + 1
    assert len(statements) == 2


def test_an_index_keeps_the_most_recent_searches_and_pickles_without_them():
    index = FacetIndex([10, 11, 12], {}, {}, {})
    calls = []

    def finder(name):
        def find():
            calls.append(name)
            return (0b101, 7)

        return find

    for name in ("a", "b", "a", "c", "b", "a"):
        assert index.remembered_search(name, finder(name), keep=2) == (0b101, 7)
    # a and b are found; a is kept; c is found and b, the least recently
    # used, goes; b is found again and a goes; a is found again.
    assert calls == ["a", "b", "c", "b", "a"]
    assert list(index.searches) == ["b", "a"]
    copy = pickle.loads(pickle.dumps(index))
    assert copy.searches == {} and copy.ids == [10, 11, 12]
    assert copy.remembered_search("a", finder("again"), keep=2) == (0b101, 7)
    assert calls[-1] == "again"
