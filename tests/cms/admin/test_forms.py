"""Admin edit forms: widgets, many-to-many links, the autocomplete endpoint."""

import re
from html import escape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from content_models.models import (
    Action,
    Country,
    HumanRightsIssue,
    ProgressStatus,
    Recommendation,
    SmartCriterion,
)

from ...factories import UserFactory
from .conftest import admin_url, html_of, listing, tabs

pytestmark = pytest.mark.django_db


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
    assert "monitor_admin/js/autocomplete-select-multiple.js" in html
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
    assert escape("S — Specific: met") in html
    assert escape(specific.definition) in html
    # One "met" box and one reason per letter, in SMART order.
    names = re.findall(r'name="(smart_(?:met|reason)_[a-z])"', html)
    assert names == [
        f"smart_{kind}_{letter}" for letter in "smart" for kind in ("met", "reason")
    ]
    assert html.count('name="issues"') == HumanRightsIssue.objects.count()
    assert 'type="checkbox" name="responsible_agencies"' in html
    assert tabs(html) == ["Content", "Classification", "SMART assessment", "Links"]


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
