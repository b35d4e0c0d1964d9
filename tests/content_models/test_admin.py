"""The Wagtail admin of every model: listings, filters, search, forms, autocomplete."""

import datetime
import re
from html import escape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

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

from ..factories import (
    ActionFactory,
    AgencyFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RecommendationFactory,
    ReportingCycleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

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


@pytest.fixture(autouse=True)
def no_search_index_updates(settings):
    """The admin searches the database; indexing ~350 taxonomy rows per test
    in Wagtail's search backend would only slow the suite down."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "AUTO_UPDATE": False,
        }
    }


@pytest.fixture
def data():
    """Taxonomies plus one live and one draft object of every content model."""
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
            ["Content", "Classification", "Links"],
            ["lead_agency"],
        ),
        (
            Indicator,
            ["Content", "Classification"],
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
    assert admin_client.get(admin_url(DueDate, "add")).status_code in (302, 403)
    assert admin_client.get(admin_url(DueDate, "edit", due_date.pk)).status_code in (
        302,
        403,
    )
    html = html_of(admin_client.get(admin_url(DueDate, "list")))
    assert admin_url(DueDate, "add") not in html
    assert admin_url(DueDate, "inspect", due_date.pk) in html


# --- listing columns, filters and search --------------------------------------


def listing(client, model, **params):
    return html_of(client.get(admin_url(model, "list"), params))


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


def options_of(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select> for {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_recommendation_form_renders_only_the_chosen_countries(admin_client, data):
    recommendation = data["live_rec"]
    html = html_of(
        admin_client.get(admin_url(Recommendation, "edit", recommendation.pk))
    )
    new_zealand = Country.objects.get(code="NZL")
    assert options_of(html, "recommending_states") == [str(new_zealand.pk)]
    assert "New Zealand (NZL)" in html
    assert "Australia" not in html
    assert "content_models/js/autocomplete-select-multiple.js" in html
    assert reverse("content_models_autocomplete", args=["country"]) in html


def test_recommendation_listing_renders_no_country_options(admin_client, data):
    html = listing(admin_client, Recommendation)
    assert "Australia" not in html


def test_action_form_renders_only_the_chosen_recommendations(admin_client, data):
    action = data["live_action"]
    html = html_of(admin_client.get(admin_url(Action, "edit", action.pk)))
    assert options_of(html, "recommendations") == [str(data["live_rec"].pk)]
    assert escape(str(data["live_rec"])) in html
    assert "REF-DRAFT" not in html


def test_action_form_explains_smart_letters_and_uses_checkboxes(admin_client, data):
    html = html_of(admin_client.get(admin_url(Action, "add")))
    specific = SmartCriterion.objects.get(letter="S")
    assert escape(f"S — Specific: {specific.definition}") in html
    assert html.count('name="issues"') == HumanRightsIssue.objects.count()
    assert 'type="checkbox" name="responsible_agencies"' in html
    assert tabs(html) == ["Content", "Classification", "Links"]


def action_form_data(**overrides):
    data = {
        "reference": "ACT-NEW",
        "title": "A new action",
        "description": "",
        "desired_outcome": "",
        "progress_status": ProgressStatus.IN_PREPARATION,
        "target_date": "",
        "target_date_comment": "",
        "cabinet_reference": "",
        "lead_agency": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("publish", [True, False], ids=["publish", "draft"])
def test_creating_an_action_links_the_chosen_recommendations(
    admin_client, data, publish
):
    chosen = [data["live_rec"], data["draft_rec"]]
    form = action_form_data(recommendations=[rec.pk for rec in chosen])
    if publish:
        form["action-publish"] = "action-publish"

    response = admin_client.post(admin_url(Action, "add"), form)

    assert response.status_code == 302
    action = Action.objects.get(reference="ACT-NEW")
    assert action.live is publish
    assert set(action.recommendations.all()) == set(chosen)
    latest = action.get_latest_revision_as_object()
    assert set(latest.recommendations.all()) == set(chosen)


def test_editing_a_live_action_keeps_links_in_the_draft_until_published(
    admin_client, data
):
    action = data["live_action"]
    url = admin_url(Action, "edit", action.pk)
    form = action_form_data(
        reference=action.reference,
        title=action.title,
        lead_agency=action.lead_agency_id,
        recommendations=[data["draft_rec"].pk],
    )

    assert admin_client.post(url, form).status_code == 302
    action.refresh_from_db()
    assert list(action.recommendations.all()) == [data["live_rec"]]
    draft_links = action.get_latest_revision_as_object().recommendations.all()
    assert list(draft_links) == [data["draft_rec"]]

    form["action-publish"] = "action-publish"
    assert admin_client.post(url, form).status_code == 302
    action.refresh_from_db()
    assert list(action.recommendations.all()) == [data["draft_rec"]]


def test_an_unknown_recommendation_id_is_refused(admin_client, data):
    form = action_form_data(recommendations=[data["live_rec"].pk, 999999])
    response = admin_client.post(admin_url(Action, "add"), form)
    assert response.status_code == 200
    assert not Action.objects.filter(reference="ACT-NEW").exists()
    # The valid choice is kept, the invalid one dropped from the re-rendered widget.
    assert options_of(response.content.decode(), "recommendations") == [
        str(data["live_rec"].pk)
    ]


def autocomplete(client, source, query):
    url = reverse("content_models_autocomplete", args=[source])
    return client.get(url, {"q": query})


def test_autocomplete_returns_matching_recommendations(admin_client, data):
    response = autocomplete(admin_client, "recommendation", "optional protocol")
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {"id": data["live_rec"].pk, "label": str(data["live_rec"])},
        ]
    }


def test_autocomplete_ranks_an_exact_code_first(admin_client, data):
    response = autocomplete(admin_client, "country", "nzl")
    new_zealand = Country.objects.get(code="NZL")
    assert response.json()["results"][0] == {
        "id": new_zealand.pk,
        "label": "New Zealand (NZL)",
    }


def test_autocomplete_returns_at_most_twenty_results(admin_client, data):
    response = autocomplete(admin_client, "country", "a")
    assert len(response.json()["results"]) == 20


def test_autocomplete_without_words_returns_nothing(admin_client, data):
    assert autocomplete(admin_client, "country", "  ").json() == {"results": []}


def test_autocomplete_of_an_unknown_source_is_not_found(admin_client, data):
    assert autocomplete(admin_client, "agency", "a").status_code == 404


def test_autocomplete_requires_login(client, data):
    response = autocomplete(client, "recommendation", "protocol")
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_autocomplete_requires_admin_access(client, data):
    client.force_login(UserFactory())
    response = autocomplete(client, "recommendation", "protocol")
    assert response.status_code == 302
    assert "results" not in response.content.decode()


def test_listing_users_needs_the_agency_permission(client, admin_client, data):
    user = UserFactory(first_name="Aroha", last_name="Ngata")
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(user)
    assert autocomplete(client, "user", "aroha").status_code == 403
    assert autocomplete(client, "country", "zealand").status_code == 200
    assert autocomplete(admin_client, "user", "aroha").json() == {
        "results": [{"id": user.pk, "label": f"Aroha Ngata <{user.email}>"}]
    }
