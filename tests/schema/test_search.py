"""Full-text search: all words, phrases, case and macrons, with filters."""

import unicodedata

import pytest

from content_models.models import Recommendation
from content_models.search import parse
from tests.factories import RecommendationFactory

from .conftest import make_action, make_recommendation

SEARCH = """query($search: String, $filter: RecommendationFilter,
                 $order: RecommendationOrder) {
  recommendations(search: $search, filter: $filter, order: $order, limit: 100) {
    totalCount items { reference }
    facets { bodies { code count } issues { code count } } } }"""


@pytest.fixture
def texts(taxonomy, search_backend_ready):
    t = taxonomy
    make_recommendation(
        t,
        "UPR-2024",
        "1",
        text="Support Te Puni Kōkiri and whānau ora.",
        issues=["justice"],
    )
    make_recommendation(t, "UPR-2024", "2", text="Fund kokiri programmes for whanau.")
    make_recommendation(
        t,
        "CAT-2023",
        "3",
        text=unicodedata.normalize("NFD", "Whānau ora services in prisons; Kōkiri."),
        issues=["justice"],
    )
    make_recommendation(
        t,
        "UPR-2019",
        "4",
        text="Ora whānau is not the phrase order.",
        title="Reference REC-2019/123",
    )
    make_recommendation(t, "UPR-2024", "5", text="Kōkiri whānau ora draft", live=False)


def refs(gql, search, **variables):
    result = gql(SEARCH, {"search": search, **variables})["recommendations"]
    assert result["totalCount"] == len(result["items"])
    return sorted(item["reference"] for item in result["items"])


@pytest.mark.parametrize(
    "search, expected",
    [
        ("kokiri", ["1", "2", "3"]),
        ("Kōkiri", ["1", "2", "3"]),
        ("KOKIRI WHANAU", ["1", "2", "3"]),
        (unicodedata.normalize("NFD", "kōkiri whānau"), ["1", "2", "3"]),
        ("whānau ora", ["1", "3", "4"]),
        ('"whanau ora"', ["1", "3"]),
        ('"ora whanau"', ["4"]),
        ('kokiri "whanau ora"', ["1", "3"]),
        ("kokiri prisons", ["3"]),
        ("kokiri nothing-like-this", []),
        ("rec-2019/123", ["4"]),
        ("2019 REC", ["4"]),
        ("kok", []),
        ('"unclosed phrase', []),
        ("", ["1", "2", "3", "4"]),
        ("   ", ["1", "2", "3", "4"]),
        ("!!", ["1", "2", "3", "4"]),
        # FTS5 and tsquery syntax is taken as words: the phrase "or near".
        ('" OR NEAR(', []),
        ("AND & | ! :* NEAR", []),
        ("support OR fund", []),
    ],
)
def test_search_cases(gql, texts, search, expected):
    assert refs(gql, search) == expected


def test_search_combines_with_filters_and_facets(gql, texts):
    result = gql(SEARCH, {"search": "whanau", "filter": {"issues": ["justice"]}})[
        "recommendations"
    ]
    assert sorted(item["reference"] for item in result["items"]) == ["1", "3"]
    # Facets count search matches only; issues ignores its own filter.
    assert result["facets"]["bodies"] == [
        {"code": "CAT", "count": 1},
        {"code": "UPR", "count": 1},
    ]
    assert result["facets"]["issues"] == [{"code": "justice", "count": 2}]


def test_relevance_is_default_and_reference_order_can_be_asked(
    gql, taxonomy, search_backend_ready
):
    make_recommendation(
        taxonomy,
        "UPR-2024",
        "1",
        text="rights once among many other words about many other things entirely",
    )
    make_recommendation(taxonomy, "UPR-2024", "2", text="rights rights rights")
    result = gql(SEARCH, {"search": "rights"})["recommendations"]["items"]
    assert [item["reference"] for item in result] == ["2", "1"]
    result = gql(SEARCH, {"search": "rights", "order": "REFERENCE"})
    assert [i["reference"] for i in result["recommendations"]["items"]] == ["1", "2"]


def test_action_and_indicator_search(gql, taxonomy, search_backend_ready):
    make_action(
        taxonomy,
        "A-1",
        title="Kaupapa Māori justice",
        description="Whānau-centred alternatives",
    )
    make_action(taxonomy, "A-2", title="Housing")
    data = gql(
        '{ actions(search: "maori WHANAU centred") { items { reference } } '
        'indicators(search: "x") { totalCount } }'
    )
    assert data["actions"]["items"] == [{"reference": "A-1"}]
    assert data["indicators"]["totalCount"] == 0


def test_index_follows_updates_deletes_and_bulk_inserts(
    gql, taxonomy, search_backend_ready
):
    cycle = taxonomy["cycles"]["UPR-2024"]
    Recommendation.objects.bulk_create(
        [
            Recommendation(cycle=cycle, reference=f"B.{n}", text=f"Bulk tūhono {n}")
            for n in range(3)
        ]
    )
    assert refs(gql, "tuhono") == ["B.0", "B.1", "B.2"]
    Recommendation.objects.filter(reference="B.1").update(text="changed")
    assert refs(gql, "tuhono") == ["B.0", "B.2"]
    assert refs(gql, "changed") == ["B.1"]
    Recommendation.objects.filter(reference="B.0").delete()
    assert refs(gql, "tuhono") == ["B.2"]
    RecommendationFactory(cycle=cycle, reference="B.9", text="Tūhono again")
    assert refs(gql, "TUHONO") == ["B.2", "B.9"]


def test_parser():
    query = parse('  Kōkiri  "whānau  ora" REC-2019/123 kokiri "" x_y')
    assert query.terms == (
        ("kōkiri",),
        ("whānau", "ora"),
        ("rec", "2019", "123"),
        ("kokiri",),
        ("x", "y"),
    )
    assert not parse("  -- ")
    assert len(parse(" ".join(f"w{n}" for n in range(50))).terms) == 20
