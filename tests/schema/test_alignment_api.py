"""The public ``alignment`` query: published content only, within the limits."""

import pytest

from schema.alignment.queries import MAX_ALIGNED
from tests.factories import ActionFactory, RecommendationFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db

QUERY = """query($text: String!, $limit: Int) {
  alignment(text: $text, limit: $limit) {
    recommendations { score reasons recommendation { naturalKey } }
    actions { score reasons action { reference } }
  } }"""


@pytest.fixture
def content(db):
    cycle = ReportingCycleFactory(code="CAT-2023")
    return {
        "recommendation": RecommendationFactory(
            cycle=cycle,
            reference="12",
            text="Abolish the use of seclusion in psychiatric wards.",
        ),
        "draft_recommendation": RecommendationFactory(
            cycle=cycle,
            reference="13",
            text="Seclusion in psychiatric wards must end.",
            live=False,
        ),
        "action": ActionFactory(
            reference="ACT-SECL", title="Seclusion phased out in psychiatric wards"
        ),
        "weaker": ActionFactory(
            reference="ACT-WARD", title="More staff for psychiatric wards"
        ),
        "draft_action": ActionFactory(
            reference="ACT-DRAFT", title="Seclusion rooms closed", live=False
        ),
    }


def test_published_items_best_first_with_score_and_reasons(gql, content):
    data = gql(QUERY, {"text": "End seclusion in psychiatric wards."})
    alignment = data["alignment"]
    assert [a["action"]["reference"] for a in alignment["actions"]] == [
        "ACT-SECL",
        "ACT-WARD",
    ]
    best, weaker = alignment["actions"]
    assert best["reasons"] == [
        "Phrases that matched: “psychiatric wards”",
        "Words that matched: seclusion, psychiatric, wards",
    ]
    assert 0 < weaker["score"] < best["score"] <= 1
    assert [
        r["recommendation"]["naturalKey"] for r in alignment["recommendations"]
    ] == ["CAT-2023/12"]


def test_drafts_are_never_suggested_to_the_public(gql, content):
    data = gql(QUERY, {"text": "Seclusion rooms in psychiatric wards", "limit": 20})
    keys = [
        r["recommendation"]["naturalKey"] for r in data["alignment"]["recommendations"]
    ]
    references = [a["action"]["reference"] for a in data["alignment"]["actions"]]
    assert "CAT-2023/13" not in keys and "ACT-DRAFT" not in references
    # Positive control: published content with the same words is there.
    assert keys == ["CAT-2023/12"] and "ACT-SECL" in references


def test_a_text_over_the_length_limit_is_refused(gql, content):
    response = gql.post(QUERY, {"text": "seclusion " * 501})
    payload = response.json()
    assert response.status_code == 200
    assert payload["data"] is None
    (error,) = payload["errors"]
    assert error["message"] == "text must be at most 5,000 characters (it has 5,010)."
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    # Positive control: the same text within the limit is answered.
    assert gql(QUERY, {"text": "seclusion " * 500})["alignment"]["actions"]


@pytest.mark.parametrize("limit", [-1, MAX_ALIGNED + 1])
def test_a_limit_out_of_range_is_refused(gql, content, limit):
    assert gql.errors(QUERY, {"text": "seclusion", "limit": limit}) == [
        f"limit must be between 0 and {MAX_ALIGNED}."
    ]


def test_the_limit_caps_each_list(gql, content):
    data = gql(QUERY, {"text": "seclusion psychiatric wards", "limit": 1})
    assert len(data["alignment"]["actions"]) == 1
    assert gql(QUERY, {"text": "seclusion", "limit": 0})["alignment"] == {
        "recommendations": [],
        "actions": [],
    }


def test_the_work_budget_counts_the_suggestions(gql, content):
    nested = """{ alignment(text: "seclusion", limit: 20) {
      recommendations { recommendation { actions(limit: 100) {
        indicators(limit: 100) { reference } } } } } }"""
    response = gql.post(nested)
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["path"] == (
        "alignment.recommendations.recommendation.actions.indicators"
    )
    # Positive control: the same shape with smaller lists runs.
    small = nested.replace("limit: 100", "limit: 5")
    assert gql(small)["alignment"]["recommendations"]


RELATED = """query($cycle: String!, $reference: String!) {
  recommendation(cycle: $cycle, reference: $reference) {
    relatedRecommendations { naturalKey } } }"""


def related_keys(gql, cycle, reference):
    data = gql(RELATED, {"cycle": cycle, "reference": reference})
    return [r["naturalKey"] for r in data["recommendation"]["relatedRecommendations"]]


def test_related_recommendations_show_on_both_once_published(gql, content):
    upr = RecommendationFactory(
        cycle=ReportingCycleFactory(code="UPR-2024"), reference="122.4", text="x"
    )
    cat = content["recommendation"]
    draft = upr.get_latest_revision_as_object() if upr.latest_revision else upr
    draft.related_recommendations.add(cat)
    revision = draft.save_revision()

    # Only in a draft revision: nobody sees it.
    assert related_keys(gql, "UPR-2024", "122.4") == []
    assert related_keys(gql, "CAT-2023", "12") == []

    revision.publish()

    assert related_keys(gql, "UPR-2024", "122.4") == ["CAT-2023/12"]
    assert related_keys(gql, "CAT-2023", "12") == ["UPR-2024/122.4"]

    upr.refresh_from_db()
    upr.unpublish()
    # The owner of the relation unpublished: gone from the other one too.
    assert related_keys(gql, "CAT-2023", "12") == []


def test_a_related_draft_recommendation_is_never_shown(gql, content):
    cat = content["recommendation"]
    cat.related_recommendations.add(content["draft_recommendation"])
    cat.save()
    assert related_keys(gql, "CAT-2023", "12") == []


def test_the_reasons_of_the_api_guide(gql, db):
    """The example of docs/api.md, exactly."""
    from tests.factories import HumanRightsIssueFactory

    detention = HumanRightsIssueFactory(slug="detention", name="Detention")
    action = ActionFactory(
        reference="ACT-REMAND",
        title="Remand reform",
        description="Fewer remand prisoners held in custody before trial.",
    )
    action.issues.set([detention])
    action.save()
    data = gql(
        QUERY,
        {"text": "Reduce pre-trial detention and separate remand prisoners."},
    )
    assert [a["reasons"] for a in data["alignment"]["actions"]] == [
        [
            "Human-rights issues from the words of the text: Detention",
            "Phrases that matched: “remand prisoners”",
            "Words that matched: trial, remand, prisoners",
        ]
    ]
