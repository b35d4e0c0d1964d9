"""Fixtures for the public API tests: a GraphQL client and a small corpus."""

import json

import pytest
from django.db import connection
from wagtail.models import Revision  # noqa: F401  (Wagtail app loaded)

from content_models.models import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    SmartCriterion,
    SustainableDevelopmentGoal,
)
from content_models.search import SEARCHABLES
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    HumanRightsBodyFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)


class GraphQLClient:
    """Posts queries to /graphql/ the way a partner's site would."""

    def __init__(self, client):
        self.client = client

    def post(self, query, variables=None, **extra):
        return self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )

    def __call__(self, query, variables=None):
        """``data`` of a query that must succeed."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.content
        payload = response.json()
        assert "errors" not in payload, payload["errors"]
        return payload["data"]

    def errors(self, query, variables=None):
        response = self.post(query, variables)
        payload = response.json()
        assert payload.get("errors"), payload
        return [error["message"] for error in payload["errors"]]


@pytest.fixture
def gql(client):
    return GraphQLClient(client)


@pytest.fixture
def search_backend_ready(db):
    """The search triggers exist (installed after migrate)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM schema_search_state")
        assert cursor.fetchone()[0] == len(SEARCHABLES)


@pytest.fixture
def taxonomy(db):
    """Two bodies with cycles, states, issues, groups, SDGs, agencies, SMART."""
    moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    msd = AgencyFactory(code="MSD", name="Ministry of Social Development")
    tpk = AgencyFactory(code="TPK", name="Te Puni Kōkiri")
    upr = HumanRightsBodyFactory(
        code="UPR",
        name="Universal Periodic Review",
        kind=HumanRightsBody.Kind.UPR,
        lead_agency=moj,
    )
    cat = HumanRightsBodyFactory(
        code="CAT", name="Committee against Torture", lead_agency=moj
    )
    import datetime

    cycles = {
        "UPR-2019": ReportingCycleFactory(
            code="UPR-2019", body=upr, received_on=datetime.date(2019, 3, 1)
        ),
        "UPR-2024": ReportingCycleFactory(
            code="UPR-2024", body=upr, received_on=datetime.date(2024, 3, 1)
        ),
        "CAT-2023": ReportingCycleFactory(
            code="CAT-2023", body=cat, received_on=datetime.date(2023, 5, 1)
        ),
    }
    countries = {
        code: Country.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("AUS", "Australia"), ("FJI", "Fiji"), ("CAN", "Canada"))
    }
    issues = {
        slug: HumanRightsIssue.objects.create(slug=slug, name=name)
        for slug, name in (("justice", "Justice"), ("housing", "Housing"))
    }
    groups = {
        slug: AffectedGroup.objects.create(slug=slug, name=name)
        for slug, name in (("children", "Children"), ("maori", "Māori"))
    }
    sdgs = {
        number: SustainableDevelopmentGoal.objects.get_or_create(
            number=number, defaults={"name": f"Goal {number}"}
        )[0]
        for number in (5, 16)
    }
    smart = {
        letter: SmartCriterion.objects.get_or_create(
            letter=letter, defaults={"name": name, "sort_order": order}
        )[0]
        for order, (letter, name) in enumerate(
            (
                ("S", "Specific"),
                ("M", "Measurable"),
                ("A", "Assignable"),
                ("R", "Relevant"),
                ("T", "Time-bound"),
            )
        )
    }
    return {
        "agencies": {"MoJ": moj, "MSD": msd, "TPK": tpk},
        "bodies": {"UPR": upr, "CAT": cat},
        "cycles": cycles,
        "countries": countries,
        "issues": issues,
        "groups": groups,
        "sdgs": sdgs,
        "smart": smart,
    }


def make_recommendation(
    taxonomy,
    cycle,
    reference,
    *,
    states=(),
    issues=(),
    groups=(),
    sdgs=(),
    agencies=(),
    **fields,
):
    recommendation = RecommendationFactory(
        cycle=taxonomy["cycles"][cycle], reference=reference, **fields
    )
    recommendation.recommending_states.set(
        [taxonomy["countries"][code] for code in states]
    )
    recommendation.issues.set([taxonomy["issues"][slug] for slug in issues])
    recommendation.affected_groups.set([taxonomy["groups"][slug] for slug in groups])
    recommendation.sdgs.set([taxonomy["sdgs"][number] for number in sdgs])
    recommendation.responsible_agencies.set(
        [taxonomy["agencies"][code] for code in agencies]
    )
    recommendation.save()
    return recommendation


def make_action(
    taxonomy,
    reference,
    *,
    recommendations=(),
    lead=None,
    agencies=(),
    issues=(),
    groups=(),
    smart="",
    **fields,
):
    action = ActionFactory(
        reference=reference,
        lead_agency=taxonomy["agencies"][lead] if lead else None,
        **fields,
    )
    action.recommendations.set(list(recommendations))
    action.responsible_agencies.set([taxonomy["agencies"][code] for code in agencies])
    action.issues.set([taxonomy["issues"][slug] for slug in issues])
    action.affected_groups.set([taxonomy["groups"][slug] for slug in groups])
    action.smart_criteria.set([taxonomy["smart"][letter] for letter in smart])
    action.save()
    return action


__all__ = ["Agency", "make_action", "make_recommendation"]
