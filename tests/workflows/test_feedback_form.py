"""The public feedback form's endpoint: published recommendations only, CSRF,
the honeypot, the throttle per address, the length limits — and feedback never
reaching the API or the public exports."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from content_models.models import Recommendation
from workflows.models import Feedback

pytestmark = pytest.mark.django_db

RECEIVED = {
    "message": "Thank you. Your feedback was sent to the lead agency; it is not "
    "published."
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(world):
    """The UPR recommendation published; the CRC one stays a draft."""
    world.upr_recommendation.save_revision().publish()
    Recommendation.objects.filter(pk=world.crc_recommendation.pk).update(live=False)
    world.crc_recommendation.refresh_from_db()
    return world.upr_recommendation


def url(recommendation_or_pk):
    pk = getattr(recommendation_or_pk, "pk", recommendation_or_pk)
    return reverse("public_feedback", args=(pk,))


def post(client, recommendation, address="203.0.113.5", **data):
    fields = {"text": "Please consult tangata whenua."} | data
    return client.post(url(recommendation), fields, REMOTE_ADDR=address)


def test_feedback_on_a_published_recommendation_is_stored(client, published):
    response = post(
        client,
        published,
        text="The action should cover Oranga Tamariki.",
        name="Aroha",
        organisation="Rights Aotearoa",
        email="aroha@example.org",
        consent_to_share="on",
    )
    assert response.status_code == 200
    assert response.json() == RECEIVED
    feedback = Feedback.objects.get()
    assert (
        feedback.recommendation,
        feedback.text,
        feedback.name,
        feedback.organisation,
        feedback.email,
        feedback.consent_to_share,
        feedback.status,
        feedback.status_changed_by,
    ) == (
        published,
        "The action should cover Oranga Tamariki.",
        "Aroha",
        "Rights Aotearoa",
        "aroha@example.org",
        True,
        Feedback.Status.NEW,
        None,
    )


def test_only_the_text_is_required(client, published):
    response = post(client, published, text="Short and anonymous.")
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.name, feedback.email, feedback.consent_to_share) == ("", "", False)


def test_a_draft_or_an_unknown_recommendation_is_404_and_nothing_is_stored(
    client, published, world
):
    draft = world.crc_recommendation
    assert not draft.live
    assert client.get(url(draft)).status_code == 404
    assert post(client, draft).status_code == 404
    assert post(client, 999_999).status_code == 404
    assert Feedback.objects.count() == 0
    # Positive control: the published one takes it.
    assert post(client, published).status_code == 200
    assert Feedback.objects.count() == 1


def test_a_published_recommendation_with_a_pending_draft_takes_feedback(
    client, published
):
    published.text = "A changed draft."
    published.save_revision()
    assert post(client, published).status_code == 200
    assert Feedback.objects.count() == 1


def test_csrf_is_required_and_get_gives_the_token(published):
    client = Client(enforce_csrf_checks=True)
    refused = client.post(url(published), {"text": "No token."})
    assert refused.status_code == 403
    assert Feedback.objects.count() == 0
    token = client.get(url(published)).json()["csrfToken"]
    accepted = client.post(
        url(published), {"text": "With a token.", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 200
    assert list(Feedback.objects.values_list("text", flat=True)) == ["With a token."]


def test_the_honeypot_gets_the_same_answer_and_stores_nothing(client, published):
    trapped = post(client, published, website="http://spam.example")
    assert trapped.status_code == 200
    assert trapped.json() == RECEIVED
    assert Feedback.objects.count() == 0
    # Positive control: the same submission without the trap is stored.
    real = post(client, published, website="")
    assert (real.status_code, real.json()) == (200, RECEIVED)
    assert Feedback.objects.count() == 1


def test_throttled_per_address_429_and_nothing_stored(client, published, settings):
    settings.FEEDBACK_THROTTLE_LIMIT = 2
    settings.FEEDBACK_THROTTLE_SECONDS = 600
    assert post(client, published, text="one").status_code == 200
    assert post(client, published, text="two").status_code == 200
    throttled = post(client, published, text="three")
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "600"
    assert "Too many submissions" in throttled.json()["message"]
    assert sorted(Feedback.objects.values_list("text", flat=True)) == ["one", "two"]
    # Positive control: another address is not held up.
    other = post(client, published, address="198.51.100.7", text="elsewhere")
    assert other.status_code == 200
    assert Feedback.objects.count() == 3


def test_the_honeypot_counts_against_the_throttle(client, published, settings):
    settings.FEEDBACK_THROTTLE_LIMIT = 1
    assert post(client, published, website="x").status_code == 200
    assert post(client, published).status_code == 429
    assert Feedback.objects.count() == 0


def test_the_throttle_counts_the_address_behind_the_proxy(client, published, settings):
    settings.FEEDBACK_THROTTLE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(client_address):
        return client.post(
            url(published),
            {"text": "Via the proxy."},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    assert through_proxy("203.0.113.10").status_code == 200
    assert through_proxy("203.0.113.10").status_code == 429
    # Same proxy, another person: not throttled.
    assert through_proxy("203.0.113.11").status_code == 200
    assert Feedback.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "text",
            "x" * 2001,
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
        ("text", "   ", "This field is required."),
        (
            "name",
            "n" * 201,
            "Ensure this value has at most 200 characters (it has 201).",
        ),
        (
            "organisation",
            "o" * 201,
            "Ensure this value has at most 200 characters (it has 201).",
        ),
        ("email", "not an address", "Enter a valid email address."),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_is_stored(
    client, published, field, value, message
):
    response = post(client, published, **{field: value})
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0]["message"] == message
    assert Feedback.objects.count() == 0


def test_the_longest_allowed_values_are_stored(client, published):
    response = post(client, published, text="x" * 2000, name="n" * 200)
    assert response.status_code == 200
    assert len(Feedback.objects.get().text) == 2000


def test_only_get_and_post(client, published):
    assert client.put(url(published)).status_code == 405


# Never public ------------------------------------------------------------------

SECRET = "Confidential feedback 7f3a"


@pytest.fixture
def secret_feedback(client, published):
    response = post(
        client,
        published,
        text=SECRET,
        name="Secret Name",
        email="secret@example.org",
        consent_to_share="on",
    )
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    feedback.status = Feedback.Status.SHARED
    feedback.save()
    return feedback


def test_feedback_is_not_in_the_graphql_schema(client, secret_feedback):
    query = "{ __schema { types { name fields { name } } } }"
    response = client.post(
        "/graphql/", json.dumps({"query": query}), content_type="application/json"
    )
    assert response.status_code == 200
    types = response.json()["data"]["__schema"]["types"]
    names = [t["name"] for t in types] + [
        f["name"] for t in types for f in (t["fields"] or [])
    ]
    assert [name for name in names if "feedback" in name.lower()] == []
    # Positive control: the introspection does list the recommendation's type.
    assert "Recommendation" in names


def test_feedback_never_reaches_a_graphql_answer(client, secret_feedback, published):
    query = """query ($cycle: String!, $reference: String!) {
      recommendation(cycle: $cycle, reference: $reference) { id reference text }
    }"""
    response = client.post(
        "/graphql/",
        json.dumps(
            {"query": query, "variables": {"cycle": "UPR-2024", "reference": "122.1"}}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()["data"]["recommendation"]
    assert data["reference"] == "122.1"  # positive control: it is found
    assert SECRET not in response.content.decode()
    assert "secret@example.org" not in response.content.decode()


@pytest.mark.parametrize("kind", ["recommendations", "actions", "indicators"])
def test_feedback_is_in_no_public_csv_export(client, secret_feedback, kind):
    response = client.get(f"/export/{kind}.csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert SECRET not in content
    assert "Secret Name" not in content
    assert "feedback" not in content.lower()


def test_feedback_is_in_no_public_xlsx_export(client, secret_feedback):
    response = client.get("/export/recommendations.xlsx")
    assert response.status_code == 200
    raw = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    with zipfile.ZipFile(io.BytesIO(raw)) as workbook:
        text = "".join(
            workbook.read(name).decode("utf-8")
            for name in workbook.namelist()
            if name.endswith(".xml")
        )
    assert "122.1" in text  # positive control: the recommendation is there
    assert SECRET not in text
    assert "Secret Name" not in text


def test_the_csv_export_lists_the_recommendation_it_has_feedback_on(
    client, secret_feedback
):
    response = client.get("/export/recommendations.csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "122.1" in content
