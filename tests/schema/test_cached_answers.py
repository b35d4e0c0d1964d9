"""Cache hits of anonymous GETs are answered before most of the middleware
(schema/middleware.py: CachedAnswerMiddleware), with exactly the answer and
the headers of the usual way."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from schema import middleware
from schema.views import PublicGraphQLView

from .conftest import make_recommendation

pytestmark = pytest.mark.django_db

QUERY = "{ recommendations(limit: 5) { totalCount items { reference } } }"
EARLY = "schema.middleware.CachedAnswerMiddleware"


@pytest.fixture
def views(monkeypatch):
    """How many requests reached the view."""
    seen = []
    dispatch = PublicGraphQLView.dispatch

    def counted(self, request, *args, **kwargs):
        seen.append(request.method)
        return dispatch(self, request, *args, **kwargs)

    monkeypatch.setattr(PublicGraphQLView, "dispatch", counted)
    return seen


@pytest.fixture
def published(taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    make_recommendation(taxonomy, "UPR-2024", "1.2")


def answer(response):
    return response.status_code, dict(response.headers), response.content


def test_the_middleware_sits_after_the_host_check_and_before_the_rest():
    stack = settings.MIDDLEWARE
    assert (
        stack.index(EARLY)
        == stack.index("django.middleware.common.CommonMiddleware") + 1
    )
    assert stack.index(EARLY) < stack.index("schema.middleware.GraphQLCsrfMiddleware")
    assert stack.index(EARLY) > stack.index("corsheaders.middleware.CorsMiddleware")


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ORIGIN": "https://partner.example"}, {"HTTP_ACCEPT": "*/*"}],
)
def test_a_hit_is_answered_early_with_the_usual_answer_and_headers(
    client, published, views, headers
):
    first = client.get("/graphql/", {"query": QUERY}, **headers)
    assert first.status_code == 200
    assert first.json()["data"]["recommendations"]["totalCount"] == 2
    assert views == ["GET"]  # a miss: the usual way, which stores the answer

    early = client.get("/graphql/", {"query": QUERY}, **headers)
    early_304 = client.get(
        "/graphql/", {"query": QUERY}, HTTP_IF_NONE_MATCH=first["ETag"], **headers
    )
    assert views == ["GET"]  # neither reached the view
    assert early_304.status_code == 304

    stack = [name for name in settings.MIDDLEWARE if name != EARLY]
    with override_settings(MIDDLEWARE=stack):
        usual_client = Client()  # a handler built with the usual stack
        usual = usual_client.get("/graphql/", {"query": QUERY}, **headers)
        usual_304 = usual_client.get(
            "/graphql/", {"query": QUERY}, HTTP_IF_NONE_MATCH=first["ETag"], **headers
        )
    assert views == ["GET", "GET", "GET"]  # the usual way: both hits in the view
    assert answer(early) == answer(usual)
    assert answer(early_304) == answer(usual_304)
    assert answer(early) == answer(first)
    assert early["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in early["Vary"]


def test_a_request_with_a_session_cookie_goes_the_usual_way(
    client, published, views, django_user_model
):
    client.get("/graphql/", {"query": QUERY})
    client.get("/graphql/", {"query": QUERY})
    assert views == ["GET"]  # positive control: the second was answered early

    user = django_user_model.objects.create_user("editor", password="pw-12345678")
    client.force_login(user)
    signed_in = client.get("/graphql/", {"query": QUERY})
    assert views == ["GET", "GET"]
    assert signed_in.status_code == 200
    assert signed_in["Cache-Control"] == "private, no-store"
    assert "ETag" not in signed_in


def test_a_post_and_a_get_without_a_query_go_the_usual_way(client, published, views):
    client.get("/graphql/", {"query": QUERY})
    client.get("/graphql/", {"query": QUERY})
    assert views == ["GET"]
    posted = client.post("/graphql/", {"query": QUERY}, content_type="application/json")
    page = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert (posted.status_code, page.status_code) == (200, 200)
    assert views == ["GET", "POST", "GET"]


def test_a_publish_is_answered_at_once(client, taxonomy, published, views):
    first = client.get("/graphql/", {"query": QUERY})
    assert first.json()["data"]["recommendations"]["totalCount"] == 2
    make_recommendation(taxonomy, "UPR-2024", "1.3")
    after = client.get("/graphql/", {"query": QUERY}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after.json()["data"]["recommendations"]["totalCount"] == 3
    assert views == ["GET", "GET"]  # a new version: a miss, the usual way


def test_an_unknown_host_is_refused_before_a_hit(client, published, views):
    client.get("/graphql/", {"query": QUERY})
    assert client.get("/graphql/", {"query": QUERY}).status_code == 200
    assert views == ["GET"]
    refused = client.get("/graphql/", {"query": QUERY}, HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert b"recommendations" not in refused.content
    assert views == ["GET"]


def test_nothing_is_answered_early_before_a_usual_public_answer(
    client, published, views
):
    middleware._forget()
    client.get("/graphql/", {"query": QUERY})
    assert views == ["GET"]
    middleware._forget()  # as in a new worker: the cache is shared, this is not
    again = client.get("/graphql/", {"query": QUERY})
    assert again.status_code == 200
    assert views == ["GET", "GET"]  # the view answered it from the cache
    client.get("/graphql/", {"query": QUERY})
    assert views == ["GET", "GET"]
