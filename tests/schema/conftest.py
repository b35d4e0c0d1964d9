"""Fixtures for the public API tests: a GraphQL client and a small corpus."""

import datetime
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
    IndicatorFactory,
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
def fresh_facet_indexes():
    """No facet index from an earlier test, and no background build left
    running into the next one."""
    from schema.facets import store

    store.clear()
    yield
    store.wait_for_prebuild(30)
    store.clear()


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


@pytest.fixture
def lists_world(taxonomy):
    """Recommendations, actions and indicators with every facet and flag of
    the lists, and drafts that never show (the export tests)."""
    t = taxonomy
    u1 = make_recommendation(
        t,
        "UPR-2024",
        "1.1",
        text="End seclusion in justice settings.",
        states=["AUS", "FJI"],
        issues=["justice"],
        groups=["maori"],
        sdgs=[16],
        agencies=["MoJ"],
        upr_response="supported",
        prioritised=True,
    )
    u2 = make_recommendation(
        t,
        "UPR-2024",
        "1.2",
        text="Secure affordable housing for whānau.",
        states=["CAN"],
        issues=["housing"],
        groups=["children"],
        sdgs=[5],
        agencies=["MSD"],
        upr_response="noted",
    )
    u3 = make_recommendation(
        t,
        "UPR-2019",
        "9.10",
        text="Housing and justice for all.",
        states=["AUS"],
        issues=["justice", "housing"],
        agencies=["MoJ", "TPK"],
        upr_response="supported_in_part",
    )
    c1 = make_recommendation(
        t,
        "CAT-2023",
        "para 12(a)",
        text="Raise the age of criminal responsibility.",
        issues=["justice"],
        groups=["maori", "children"],
        agencies=["MoJ"],
        follow_up=True,
    )
    make_recommendation(t, "CAT-2023", "para 2", text="Report again.", sdgs=[16])
    make_recommendation(
        t, "UPR-2024", "1.3", text="A housing draft.", states=["CAN"], live=False
    )
    a1 = make_action(
        t,
        "A-1",
        title="Justice plan",
        recommendations=[u1, c1],
        lead="MoJ",
        agencies=["TPK"],
        issues=["justice"],
        smart="SMART",
        progress_status="in_progress",
    )
    a2 = make_action(
        t,
        "A-2",
        title="Housing and justice programme",
        recommendations=[u3],
        lead="MSD",
        groups=["children"],
        smart="SM",
        progress_status="completed",
        pre_existing=True,
    )
    a10 = make_action(
        t,
        "A-10",
        title="Housing supply",
        recommendations=[u2],
        lead="MSD",
        issues=["housing"],
        smart="MA",
        progress_status="in_preparation",
        # Long past whatever day the tests run: overdue.
        target_date=datetime.date(2020, 6, 30),
    )
    draft = make_action(
        t, "A-3", title="Housing draft", recommendations=[u2], lead="MoJ", live=False
    )
    for reference, action, kind, agency, smart, title, live in [
        ("I-1", a1, "process_step", "MoJ", "SM", "Cases heard", True),
        ("I-2", a1, "key_deliverable", "MSD", "S", "Housing plan written", True),
        ("I-3", a2, "progress_indicator", None, "SMT", "Homes built", True),
        ("I-4", a10, "process_step", "MoJ", "", "Housing consents", True),
        ("I-5", draft, "process_step", "MoJ", "S", "Housing on a draft", True),
        ("I-6", a2, "process_step", "MoJ", "S", "Housing draft", False),
    ]:
        indicator = IndicatorFactory(
            reference=reference,
            action=action,
            kind=kind,
            title=title,
            live=live,
            responsible_agency=t["agencies"][agency] if agency else None,
        )
        indicator.smart_criteria.set([t["smart"][letter] for letter in smart])
        indicator.save()


__all__ = ["Agency", "make_action", "make_recommendation"]
