"""Property-style: random mixes of live, draft, unpublished-changes, unpublished
and locked objects; no draft value or draft relation ever reaches the public."""

import json
import random

import pytest

from content_models.models import HumanRightsIssue
from tests.factories import IndicatorFactory, ProgressReportFactory

from .conftest import make_action, make_recommendation

STATES = ("live", "draft", "changed", "unpublished", "locked")
SECRET = "secret"

EVERYTHING = """
fragment rec on Recommendation { id reference title text naturalKey
  issues { slug } affectedGroups { slug } recommendingStates { code }
  actions { id reference title indicators { id reference } } }
fragment act on Action { id reference title description recommendationCount
  recommendations { ...rec } issues { slug } smart
  indicators { id reference title action { reference } }
  progressReports { id title body indicator { reference } action { reference } } }
query($search: String) {
  recommendations(limit: 100, search: $search) { totalCount items { ...rec }
    facets { issues { code count } cycles { code count } actionStatuses { code count }
             recommendingStates { code count } } }
  actions(limit: 100, search: $search) { totalCount items { ...act }
    facets { issues { code count } smart { code count } cycles { code count } } }
  indicators(limit: 100, search: $search) { totalCount
    items { id reference title action { reference title } } }
  progressReports(limit: 100) { totalCount items { id title body
    action { reference } indicator { reference title } } }
}"""


def apply_state(obj, state, rng, taxonomy):
    """Give ``obj`` (created live, clean) the editorial ``state``."""
    if state == "draft":
        type(obj).objects.filter(pk=obj.pk).update(live=False)
    elif state == "changed":
        obj.title = f"{SECRET} draft title"
        if hasattr(obj, "issues"):
            obj.issues.set([taxonomy["secret_issue"]])
        obj.save_revision()
    elif state == "unpublished":
        obj.unpublish()
    elif state == "locked":
        obj.locked = True
        obj.save()


def secret_text(state, label):
    return f"{SECRET} {label}" if state in ("draft", "unpublished") else label


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_no_draft_ever_leaks(gql, taxonomy, search_backend_ready, seed, settings):
    # EVERYTHING reads every relation of every item in one request, nested, on
    # purpose; its estimate (645,134 objects) is far over the work budget.
    settings.GRAPHQL_MAX_COST = 1_000_000
    rng = random.Random(seed)
    taxonomy["secret_issue"] = HumanRightsIssue.objects.create(
        slug="secretissue", name="Only drafts use this"
    )
    cycles = list(taxonomy["cycles"])
    recommendations, actions, hidden_ids = [], [], set()

    for n in range(12):
        state = rng.choice(STATES)
        recommendation = make_recommendation(
            taxonomy,
            rng.choice(cycles),
            secret_text(state, f"R{n}"),
            text=secret_text(state, f"Recommendation text {n}"),
            issues=rng.sample(["justice", "housing"], rng.randint(0, 2)),
            states=rng.sample(["AUS", "FJI"], rng.randint(0, 2)),
        )
        if state in ("draft", "unpublished"):
            recommendation.issues.set([taxonomy["secret_issue"]])
            recommendation.save()
        apply_state(recommendation, state, rng, taxonomy)
        recommendations.append(recommendation)
        if state in ("draft", "unpublished"):
            hidden_ids.add(("Recommendation", recommendation.pk))

    for n in range(8):
        state = rng.choice(STATES)
        action = make_action(
            taxonomy,
            secret_text(state, f"A{n}").replace(" ", "-"),
            title=secret_text(state, f"Action {n}"),
            recommendations=rng.sample(recommendations, rng.randint(0, 4)),
            issues=["justice"],
            smart=rng.choice(["", "S", "SM", "SMART"]),
        )
        if state in ("draft", "unpublished"):
            action.issues.set([taxonomy["secret_issue"]])
            action.save()
        apply_state(action, state, rng, taxonomy)
        actions.append((action, state))

    for n in range(10):
        action, action_state = rng.choice(actions)
        state = rng.choice(STATES)
        action_hidden = action_state in ("draft", "unpublished")
        hidden = action_hidden or state in ("draft", "unpublished")
        indicator = IndicatorFactory(
            action=action,
            reference=f"{SECRET}-I{n}" if hidden else f"I{n}",
            title=secret_text(state, f"Indicator {n}"),
        )
        apply_state(indicator, state, rng, taxonomy)
        report_state = rng.choice(STATES)
        # A published report of a published action stays public when its
        # indicator is a draft: only the relation disappears.
        report_hidden = action_hidden or report_state in ("draft", "unpublished")
        report = ProgressReportFactory(
            action=action,
            indicator=indicator,
            title=f"{SECRET} report {n}" if report_hidden else f"Report {n}",
            body=f"<p>{SECRET}</p>" if report_hidden else "<p>Fine.</p>",
        )
        apply_state(report, report_state, rng, taxonomy)

    for search in (None, SECRET, "draft", "title"):
        response = gql.post(EVERYTHING, {"search": search})
        text = response.content.decode()
        payload = json.loads(text)
        assert "errors" not in payload, payload
        assert SECRET not in text.lower(), (seed, search, text)
        assert "secretissue" not in text

    # Single lookups of hidden objects answer null.
    for kind, pk in hidden_ids:
        query = f'{{ {kind.lower()}(id: "{pk}") {{ id }} }}'
        assert gql(query) == {kind.lower(): None}
    # With includeEmpty the draft-only issue is listed, but counts nothing.
    data = gql(
        "{ recommendations { facets { issues(includeEmpty: true) { code count } } } }"
    )
    counts = {
        v["code"]: v["count"] for v in data["recommendations"]["facets"]["issues"]
    }
    assert counts["secretissue"] == 0
