"""Shared data and helpers of the snippet admin tests."""

import re

import pytest
from django.urls import reverse

from content_models.models import (
    Action,
    AffectedGroup,
    Agency,
    Country,
    DueDate,
    HumanRightsBody,
    HumanRightsIssue,
    Indicator,
    ProgressReport,
    ProgressStatus,
    Recommendation,
    ReportingCycle,
    SmartCriterion,
    SustainableDevelopmentGoal,
)
from content_models.taxonomy_loader import load_taxonomies

from ...factories import (
    ActionFactory,
    AgencyFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)
from ...shared_data import refetch, shares

TAXONOMY_MODELS = [
    Agency,
    HumanRightsBody,
    ReportingCycle,
    Country,
    HumanRightsIssue,
    AffectedGroup,
    SmartCriterion,
    SustainableDevelopmentGoal,
]
CONTENT_MODELS = [Recommendation, Action, Indicator, ProgressReport]
EDITABLE_MODELS = TAXONOMY_MODELS + CONTENT_MODELS
ALL_MODELS = EDITABLE_MODELS + [DueDate]


def admin_url(model, view_name, *args):
    return reverse(model.snippet_viewset.get_url_name(view_name), args=args)


def draft(factory, **kwargs):
    """A never-published object with a revision, as the admin creates drafts."""
    obj = factory(live=False, **kwargs)
    obj.save_revision()
    return obj


def statuses(html):
    """The live/draft status tags of a listing, sorted."""
    return sorted(
        re.findall(r'<span class="w-status[^"]*"[^>]*>\s*([^<]+?)\s*</span>', html)
    )


def tabs(html):
    """The tab headings of an edit form."""
    return re.findall(r'role="tab"[^>]*>\s*([^<]+?)\s*<', html)


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(scope="module")
def shared_data(request):
    """``data`` built once for a module whose every test uses it (see
    ``tests.shared_data``); ``None`` where each test builds its own."""
    if not shares(request, "data"):
        return None
    with request.getfixturevalue("module_db").unblock():
        return build_data()


@pytest.fixture
def data(db, shared_data):
    """Taxonomies plus one live and one draft object of every content model."""
    if shared_data is None:
        return build_data()
    return {key: refetch(obj) for key, obj in shared_data.items()}


def build_data():
    load_taxonomies()
    cycle_a = ReportingCycleFactory(code="CYCLE-A")
    cycle_b = ReportingCycleFactory(code="CYCLE-B")
    agency_a = AgencyFactory(code="AGENCY-A", name="Alpha agency")
    agency_b = AgencyFactory(code="AGENCY-B", name="Beta agency")
    live_rec = RecommendationFactory(
        cycle=cycle_a,
        reference="REF-LIVE",
        text="Ratify the optional protocol on communications procedures.",
    )
    live_rec.recommending_states.set([Country.objects.get(code="NZL")])
    live_rec.responsible_agencies.set([agency_a])
    live_rec.save()
    draft_rec = draft(
        RecommendationFactory,
        cycle=cycle_b,
        reference="REF-DRAFT",
        text="Improve access to housing for disabled persons.",
    )
    live_action = ActionFactory(
        reference="ACT-LIVE",
        lead_agency=agency_a,
        progress_status=ProgressStatus.IN_PROGRESS,
    )
    live_action.recommendations.set([live_rec])
    live_action.smart_criteria.set(SmartCriterion.objects.filter(letter__in="SMT"))
    live_action.save()
    draft_action = draft(ActionFactory, reference="ACT-DRAFT", lead_agency=agency_b)
    live_indicator = IndicatorFactory(reference="IND-LIVE", action=live_action)
    draft(IndicatorFactory, reference="IND-DRAFT", action=draft_action)
    due_date = DueDate.objects.create(
        action=live_action, indicator=live_indicator, date="2026-06-30"
    )
    ProgressReportFactory(
        action=live_action, due_date=due_date, title="Live progress report"
    )
    draft(ProgressReportFactory, action=draft_action, title="Draft progress report")
    return {
        "cycle_a": cycle_a,
        "cycle_b": cycle_b,
        "agency_a": agency_a,
        "agency_b": agency_b,
        "live_rec": live_rec,
        "draft_rec": draft_rec,
        "live_action": live_action,
        "draft_action": draft_action,
    }


# --- every page of every model -------------------------------------------------


def listing(client, model, **params):
    return html_of(client.get(admin_url(model, "list"), params))
