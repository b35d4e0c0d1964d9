"""One search in the admin: listings, choosers and the autocomplete.

Content is found through the domain's full-text index, taxonomies and users in
Python; either way "maori" finds exactly what "Māori" finds, and the word being
typed may be the start of a word (``122.4`` finds 122.45).
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content_models.models import (
    Action,
    AffectedGroup,
    Agency,
    Country,
    DueDate,
    Indicator,
    ProgressReport,
    Recommendation,
)
from workflows import roles

from ...factories import (
    ActionFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RecommendationFactory,
    UserFactory,
)
from .conftest import ALL_MODELS, admin_url, draft, html_of

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def listed(client, model, **params):
    """Primary keys of the listing's rows, in the order shown."""
    html = html_of(client.get(admin_url(model, "list"), params))
    edit = re.escape(admin_url(model, "edit", 0)).replace("/0/", r"/(\d+)/")
    inspect = re.escape(admin_url(model, "inspect", 0)).replace("/0/", r"/(\d+)/")
    pks = re.findall(f"{edit}|{inspect}", html)
    return list(
        dict.fromkeys(int(edit_pk or inspect_pk) for edit_pk, inspect_pk in pks)
    )


def chooser_url(model, view="choose", *args):
    return reverse(f"wagtailsnippetchoosers_content_models_{model}:{view}", args=args)


def chosen_pks(client, model, query):
    """Primary keys the chooser's search results offer, in order."""
    response = client.get(chooser_url(model, "choose_results"), {"q": query}, **XHR)
    html = html_of(response)
    chosen = re.escape(chooser_url(model, "chosen", 0)).replace("/0/", r"/(\d+)/")
    return list(dict.fromkeys(int(pk) for pk in re.findall(chosen, html)))


def autocomplete(client, source, query):
    url = reverse("content_models_autocomplete", args=[source])
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [result["id"] for result in response.json()["results"]]


def pks(*objects):
    return [obj.pk for obj in objects]


@pytest.fixture
def texts(data):
    """Recommendations of cycle A about Māori, spelt with and without macrons."""
    cycle = data["cycle_a"]
    make = RecommendationFactory
    return {
        "many": make(cycle=cycle, reference="122.45", text="Māori, Māori and Māori"),
        "plain": make(cycle=cycle, reference="122.46", text="Fund maori health"),
        "title": make(
            cycle=cycle,
            reference="12.4",
            title="Te reo Māori",
            text="Protect the language of the tangata whenua",
        ),
        "other": make(cycle=cycle, reference="122.5", text="Housing for all"),
        "draft": draft(
            make, cycle=data["cycle_b"], reference="122.47", text="Kaupapa Māori"
        ),
    }


MAORI = ["many", "plain", "title", "draft"]


# --- listings ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["maori", "Māori", "MĀORI", "māori"])
def test_recommendation_listing_is_macron_and_case_insensitive(
    admin_client, texts, query
):
    found = listed(admin_client, Recommendation, q=query)
    assert sorted(found) == sorted(pks(*(texts[key] for key in MAORI)))
    # Best match first when no sort is chosen.
    assert found[0] == texts["many"].pk


def test_a_chosen_sort_wins_over_relevance(admin_client, texts):
    found = listed(admin_client, Recommendation, q="maori", ordering="-reference")
    references = [Recommendation.objects.get(pk=pk).reference for pk in found]
    assert references == ["122.47", "122.46", "122.45", "12.4"]


def test_search_combines_with_filters_and_scoping_of_the_listing(
    admin_client, texts, data
):
    in_a = listed(admin_client, Recommendation, q="maori", cycle=data["cycle_a"].pk)
    assert sorted(in_a) == sorted(pks(texts["many"], texts["plain"], texts["title"]))
    drafts = listed(admin_client, Recommendation, q="Māori", live="false")
    assert drafts == [texts["draft"].pk]
    assert listed(admin_client, Recommendation, q="maori housing") == []


def test_the_last_word_matches_the_start_of_a_word(admin_client, texts, data):
    found = listed(admin_client, Recommendation, q="122.4", ordering="reference")
    assert found == pks(texts["many"], texts["plain"], texts["draft"])
    assert listed(admin_client, Recommendation, q="12.4") == [texts["title"].pk]
    partial = listed(admin_client, Recommendation, q="Māo", cycle=data["cycle_a"].pk)
    assert sorted(partial) == sorted(pks(texts["many"], texts["plain"], texts["title"]))
    housing = listed(admin_client, Recommendation, q="ho")
    assert sorted(housing) == sorted(pks(data["draft_rec"], texts["other"]))


def test_a_recommendation_is_found_by_its_cycle_code(admin_client, texts, data):
    found = listed(admin_client, Recommendation, q="cycle-b")
    assert sorted(found) == sorted(pks(data["draft_rec"], texts["draft"]))
    assert listed(admin_client, Recommendation, q="cycle-b kaupapa") == [
        texts["draft"].pk
    ]


def test_a_query_without_words_lists_everything(admin_client, texts):
    assert len(listed(admin_client, Recommendation, q="!!")) == 7


def test_actions_indicators_reports_and_due_dates_are_searched(admin_client, data):
    action = ActionFactory(
        reference="ACT-WH",
        title="Whānau ora",
        description="Kaupapa Māori services",
        lead_agency=data["agency_a"],
    )
    indicator = IndicatorFactory(
        action=action, reference="IND-WH", title="Providers funded"
    )
    report = ProgressReportFactory(
        action=data["live_action"],
        title="Quarter two",
        body='<p data-block-key="k1">Marae-based <b>hui</b> in Tāmaki</p>',
    )
    due_date = DueDate.objects.create(
        action=action, indicator=indicator, date="2027-03-31"
    )

    for query in ("whanau", "WHĀNAU"):
        assert listed(admin_client, Action, q=query) == [action.pk]
        # An indicator, a report or a due date is found by its action too.
        assert listed(admin_client, Indicator, q=query) == [indicator.pk]
        assert listed(admin_client, DueDate, q=query) == [due_date.pk]
    # With a filter that needs DISTINCT (through the recommendations).
    action.recommendations.set([data["live_rec"]])
    action.save()
    by_cycle = {"cycle": data["cycle_a"].pk, "q": "whanau"}
    assert listed(admin_client, Action, **by_cycle) == [action.pk]
    assert listed(admin_client, Action, **{**by_cycle, "ordering": "title"}) == [
        action.pk
    ]
    assert listed(admin_client, Action, cycle=data["cycle_b"].pk, q="whanau") == []
    assert listed(admin_client, Indicator, q="providers") == [indicator.pk]
    assert listed(admin_client, DueDate, q="ind-wh") == [due_date.pk]
    assert listed(admin_client, ProgressReport, q="tamaki hui") == [report.pk]
    assert listed(admin_client, ProgressReport, q="Tāmaki") == [report.pk]
    reports_of_action = listed(admin_client, ProgressReport, q="act-live")
    assert sorted(reports_of_action) == sorted(
        ProgressReport.objects.filter(action=data["live_action"]).values_list(
            "pk", flat=True
        )
    )


def test_taxonomy_listings_are_macron_insensitive(admin_client, data):
    kokiri = Agency.objects.get(name="Te Puni Kōkiri")
    for query in ("kokiri", "Kōkiri", "puni kok", "TPK"):
        assert listed(admin_client, Agency, q=query) == [kokiri.pk], query
    maori = AffectedGroup.objects.get(name="Māori")
    for query in ("maori", "MĀORI"):
        assert listed(admin_client, AffectedGroup, q=query) == [maori.pk]
    ivory_coast = Country.objects.get(code="CIV")
    for query in ("cote d'ivoire", "Côte", "CIV"):
        assert listed(admin_client, Country, q=query) == [ivory_coast.pk], query


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_every_listing_has_a_search_box(admin_client, data, model):
    html = html_of(admin_client.get(admin_url(model, "list")))
    assert re.search(r'<input[^>]*name="q"', html)


# --- choosers ------------------------------------------------------------------


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_every_chooser_has_a_search_box(admin_client, data, model):
    response = admin_client.get(chooser_url(model._meta.model_name), **XHR)
    html = json.loads(html_of(response))["html"]
    assert re.search(r'<input[^>]*id="id_q"', html)


@pytest.mark.parametrize("query", ["maori", "Māori"])
def test_recommendation_chooser_is_macron_insensitive(admin_client, texts, query):
    found = chosen_pks(admin_client, "recommendation", query)
    assert sorted(found) == sorted(pks(*(texts[key] for key in MAORI)))
    assert found[0] == texts["many"].pk
    partial = chosen_pks(admin_client, "recommendation", "122.4")
    assert sorted(partial) == sorted(pks(texts["many"], texts["plain"], texts["draft"]))


def test_taxonomy_chooser_is_macron_insensitive(admin_client, data):
    kokiri = Agency.objects.get(name="Te Puni Kōkiri")
    assert chosen_pks(admin_client, "agency", "kokiri") == [kokiri.pk]
    assert chosen_pks(admin_client, "agency", "Kōkiri") == [kokiri.pk]


@pytest.fixture
def contributor(data):
    """A contributor of agency A, who may attach content to its actions only."""
    user = UserFactory(username="alpha-contributor")
    user.groups.add(Group.objects.get(name=roles.AGENCY_CONTRIBUTORS))
    data["agency_a"].members.add(user)
    return user


def test_chooser_search_keeps_agency_scoping(client, admin_client, data, contributor):
    own = ActionFactory(
        reference="ACT-A-1", title="Māori wardens", lead_agency=data["agency_a"]
    )
    theirs = ActionFactory(
        reference="ACT-B-1", title="Maori wardens", lead_agency=data["agency_b"]
    )
    client.force_login(contributor)
    for query in ("maori wardens", "Māori", "WARD"):
        assert chosen_pks(client, "action", query) == [own.pk], query
    assert sorted(chosen_pks(client, "action", "act")) == sorted(
        pks(data["live_action"], own)
    )
    # The same search by an administrator finds both: the refusal above is
    # the scoping, not the search.
    assert sorted(chosen_pks(admin_client, "action", "maori wardens")) == sorted(
        pks(own, theirs)
    )


# --- autocomplete --------------------------------------------------------------


@pytest.mark.parametrize("query", ["maori", "Māori", "MAORI"])
def test_recommendation_autocomplete_is_macron_insensitive(admin_client, texts, query):
    found = autocomplete(admin_client, "recommendation", query)
    assert sorted(found) == sorted(pks(*(texts[key] for key in MAORI)))
    assert found[0] == texts["many"].pk


def test_recommendation_autocomplete_matches_the_start_of_a_reference(
    admin_client, texts
):
    assert autocomplete(admin_client, "recommendation", "122.4") == pks(
        texts["many"], texts["plain"], texts["draft"]
    )
    # An exact reference ranks first, then references starting with it.
    assert autocomplete(admin_client, "recommendation", "12.4") == [texts["title"].pk]


def test_country_and_user_autocompletes_are_macron_insensitive(admin_client, data):
    ivory_coast = Country.objects.get(code="CIV")
    assert autocomplete(admin_client, "country", "cote") == [ivory_coast.pk]
    assert autocomplete(admin_client, "country", "Côte d’Ivoire") == [ivory_coast.pk]
    user = UserFactory(username="hemi", first_name="Hēmi", last_name="Pōtatau")
    for query in ("hemi potatau", "Hēmi", "POTA"):
        assert autocomplete(admin_client, "user", query) == [user.pk], query
