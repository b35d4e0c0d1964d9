"""Admin listings: pages, columns, filters, search, query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from content_models.models import (
    Action,
    DueDate,
    Indicator,
    ProgressReport,
    Recommendation,
    ReportingCycle,
    SmartCriterion,
)

from ...factories import (
    ActionFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)
from .conftest import (
    ALL_MODELS,
    CONTENT_MODELS,
    EDITABLE_MODELS,
    admin_url,
    draft,
    html_of,
    listing,
    statuses,
    tabs,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=lambda model: model.__name__)
def test_listing_create_edit_and_inspect_pages_render(admin_client, data, model):
    objects = model.objects.all()[:2]
    assert len(objects) == 2
    urls = [admin_url(model, "list"), admin_url(model, "list_results")]
    urls.append(admin_url(model, "add"))
    for obj in objects:
        urls += [admin_url(model, "edit", obj.pk), admin_url(model, "inspect", obj.pk)]
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_listing_sorts_by_every_sortable_column(admin_client, data, model):
    html = listing(admin_client, model)
    orderings = {key.lstrip("-") for key in re.findall(r"ordering=([\w-]+)", html)}
    assert orderings
    for ordering in orderings:
        for direction in ("", "-"):
            response = admin_client.get(
                admin_url(model, "list"), {"ordering": direction + ordering}
            )
            assert response.status_code == 200, ordering


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_content_listing_shows_live_and_draft_objects(admin_client, data, model):
    html = html_of(admin_client.get(admin_url(model, "list")))
    assert statuses(html) == ["draft", "live"]


@pytest.mark.parametrize(
    "model, tab_headings, choosers",
    [
        (
            Recommendation,
            ["Content", "Classification", "Links"],
            ["cycle"],
        ),
        (
            Action,
            ["Content", "Classification", "SMART assessment", "Links"],
            ["lead_agency"],
        ),
        (
            Indicator,
            ["Content", "SMART assessment"],
            ["action", "responsible_agency"],
        ),
        (
            ProgressReport,
            ["Content", "Document"],
            ["action", "indicator", "due_date", "document"],
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_content_forms_have_tabs_and_choosers(
    admin_client, data, model, tab_headings, choosers
):
    html = html_of(admin_client.get(admin_url(model, "add")))
    assert tabs(html) == tab_headings
    for name in choosers:
        # A chooser posts the id from a hidden input; a <select> would list all rows.
        assert re.search(rf'<input type="hidden" name="{name}"', html), name
        assert f'<select name="{name}"' not in html


def test_status_column_shows_moderation_and_schedules(admin_client, admin_user, data):
    task = GroupApprovalTask.objects.create(name="Lead agency approval")
    workflow = Workflow.objects.create(name="Action approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    action = data["live_action"]
    action.save_revision(user=admin_user)
    workflow.start(action, admin_user)
    recommendation = data["live_rec"]
    revision = recommendation.save_revision(user=admin_user)
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=7)
    revision.save()

    assert statuses(listing(admin_client, Action)) == ["draft", "live + in moderation"]
    assert statuses(listing(admin_client, Recommendation)) == [
        "draft",
        "live + scheduled",
    ]


def test_menu_groups_every_model(admin_client, data):
    html = html_of(admin_client.get(reverse("wagtailadmin_home")))
    assert "Human Rights Monitor" in html
    for model in ALL_MODELS:
        assert admin_url(model, "list") in html


def test_due_dates_can_be_listed_and_inspected_only(admin_client, data):
    due_date = DueDate.objects.get()
    for url in (
        admin_url(DueDate, "list"),
        admin_url(DueDate, "list_results"),
        admin_url(DueDate, "inspect", due_date.pk),
    ):
        assert admin_client.get(url).status_code == 200, url
    before = (due_date.date, due_date.action_id, due_date.indicator_id)
    for url in (admin_url(DueDate, "add"), admin_url(DueDate, "edit", due_date.pk)):
        refused = admin_client.get(url)
        assert refused.status_code == 302, url
        assert refused["Location"] == "/admin/"
    refused = admin_client.post(admin_url(DueDate, "edit", due_date.pk), {})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    due_date.refresh_from_db()
    assert (due_date.date, due_date.action_id, due_date.indicator_id) == before
    html = html_of(admin_client.get(admin_url(DueDate, "list")))
    assert admin_url(DueDate, "add") not in html
    assert admin_url(DueDate, "inspect", due_date.pk) in html


# --- listing columns, filters and search --------------------------------------


def test_recommendation_listing_columns(admin_client, data):
    html = listing(admin_client, Recommendation)
    assert "Ratify the optional protocol on communications procedures." in html
    assert "CYCLE-A" in html
    assert "AGENCY-A" in html


def test_recommendation_filters_by_cycle_body_agency_and_status(admin_client, data):
    by_cycle = listing(admin_client, Recommendation, cycle=data["cycle_b"].pk)
    assert "REF-DRAFT" in by_cycle
    assert "REF-LIVE" not in by_cycle

    by_body = listing(admin_client, Recommendation, body=data["cycle_a"].body_id)
    assert "REF-LIVE" in by_body
    assert "REF-DRAFT" not in by_body

    by_agency = listing(
        admin_client, Recommendation, responsible_agencies=data["agency_a"].pk
    )
    assert "REF-LIVE" in by_agency
    assert "REF-DRAFT" not in by_agency

    drafts = listing(admin_client, Recommendation, live="false")
    assert "REF-DRAFT" in drafts
    assert "REF-LIVE" not in drafts


def test_action_filters_by_agency_status_and_cycle(admin_client, data):
    by_agency = listing(admin_client, Action, lead_agency=data["agency_b"].pk)
    assert "ACT-DRAFT" in by_agency
    assert "ACT-LIVE" not in by_agency

    in_progress = listing(admin_client, Action, progress_status="in_progress")
    assert "ACT-LIVE" in in_progress
    assert "ACT-DRAFT" not in in_progress

    by_cycle = listing(admin_client, Action, cycle=data["cycle_a"].pk)
    assert "ACT-LIVE" in by_cycle
    assert "ACT-DRAFT" not in by_cycle

    live = listing(admin_client, Action, live="true")
    assert "ACT-LIVE" in live
    assert "ACT-DRAFT" not in live


def test_action_listing_shows_smart_letters(admin_client, data):
    html = listing(admin_client, Action, lead_agency=data["agency_a"].pk)
    assert ">SMT<" in re.sub(r"\s+", "", html)


def test_search_finds_a_recommendation_by_a_word_of_its_text(admin_client, data):
    found = listing(admin_client, Recommendation, q="housing")
    assert "REF-DRAFT" in found
    assert "REF-LIVE" not in found


def test_search_combines_with_a_many_to_many_filter(admin_client, data):
    html = listing(
        admin_client,
        Recommendation,
        q="protocol",
        responsible_agencies=data["agency_b"].pk,
    )
    assert "REF-LIVE" not in html
    html = listing(
        admin_client,
        Recommendation,
        q="protocol",
        responsible_agencies=data["agency_a"].pk,
    )
    assert "REF-LIVE" in html


def test_reporting_cycle_listing_filters_current_cycles(admin_client, data):
    old = ReportingCycleFactory(code="OLD-CYCLE", received_on="2010-01-01")
    ReportingCycleFactory(code="NEW-CYCLE", body=old.body, received_on="2020-01-01")
    html = listing(admin_client, ReportingCycle, current="false")
    assert "OLD-CYCLE" in html
    assert "NEW-CYCLE" not in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_recommendation(data, number):
    recommendation = draft(RecommendationFactory, cycle=data["cycle_a"])
    recommendation.responsible_agencies.set([data["agency_a"], data["agency_b"]])
    recommendation.save()


def add_action(data, number):
    action = ActionFactory(lead_agency=data["agency_a"])
    action.smart_criteria.set(SmartCriterion.objects.all())
    action.save()


def add_indicator(data, number):
    draft(
        IndicatorFactory,
        action=data["live_action"],
        responsible_agency=data["agency_a"],
    )


def add_progress_report(data, number):
    due_date = DueDate.objects.create(
        action=data["draft_action"], date=datetime.date(2030, 1, 1 + number)
    )
    ProgressReportFactory(action=data["draft_action"], due_date=due_date)


def add_due_date(data, number):
    DueDate.objects.create(
        action=data["live_action"], date=datetime.date(2031, 1, 1 + number)
    )


@pytest.mark.parametrize(
    "model, add_row",
    [
        (Recommendation, add_recommendation),
        (Action, add_action),
        (Indicator, add_indicator),
        (ProgressReport, add_progress_report),
        (DueDate, add_due_date),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_listing_queries_do_not_grow_with_rows(admin_client, data, model, add_row):
    url = admin_url(model, "list")
    count_queries(admin_client, url)  # warm the caches (content types, site)
    few = count_queries(admin_client, url)
    for number in range(15):
        add_row(data, number)
    assert model.objects.count() >= 16
    assert count_queries(admin_client, url) == few


# --- edit forms and the autocomplete widget -----------------------------------
