"""The anonymous GET cache stores a bounded number of entries and bytes, on
LocMem (per process) and on Redis (shared); past the cap answers stay right."""

import os
import time
import uuid

import pytest
import redis
from django.core.cache import caches

from schema import httpcache, versioning

from .conftest import make_recommendation

ALIAS = "graphql-cap-test"


def redis_url():
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["locmem", "redis"])
def api_cache(request, settings):
    """The GraphQL cache on its own alias of the backend under test."""
    prefix = f"hrm-test-{uuid.uuid4().hex}"
    if request.param == "redis":
        try:
            redis.Redis.from_url(redis_url(), socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"Redis is not answering at {redis_url()}")
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        }
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
        }
    settings.CACHES = {**settings.CACHES, ALIAS: backend}
    settings.GRAPHQL_CACHE_ALIAS = ALIAS
    yield caches[ALIAS]
    if request.param == "redis":
        client = caches[ALIAS]._cache.get_client()
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def query(limit):
    return f"{{ recommendations(limit: {limit}) {{ items {{ reference }} }} }}"


def stored(limit):
    key = httpcache.cache_key(versioning.public_version(), {"query": query(limit)})
    return httpcache.get(key) is not None


@pytest.fixture
def three(taxonomy):
    for reference in ("1.1", "1.2", "1.3"):
        make_recommendation(taxonomy, "UPR-2024", reference)


def get(client, limit, **headers):
    return client.get("/graphql/", {"query": query(limit)}, **headers)


def references(response):
    return [
        item["reference"]
        for item in response.json()["data"]["recommendations"]["items"]
    ]


def test_past_the_entry_cap_answers_are_right_but_not_stored(
    client, api_cache, three, settings, django_assert_num_queries
):
    settings.GRAPHQL_CACHE_MAX_ENTRIES = 2
    first, second, third = (get(client, limit) for limit in (1, 2, 3))

    assert [references(r) for r in (first, second, third)] == [
        ["1.1"],
        ["1.1", "1.2"],
        ["1.1", "1.2", "1.3"],
    ]
    for response in (first, second, third):
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=60"
    assert (stored(1), stored(2), stored(3)) == (True, True, False)

    # A stored answer costs one query (the publication version)…
    with django_assert_num_queries(1):
        again = get(client, 1)
    assert again.content == first.content
    # …one past the cap runs again, right, and is still not stored.
    again = get(client, 3)
    assert again.content == third.content and again["ETag"] == third["ETag"]
    assert not stored(3)
    # Conditional requests still work for it.
    assert get(client, 3, HTTP_IF_NONE_MATCH=third["ETag"]).status_code == 304


def test_past_the_byte_cap_answers_are_not_stored(client, api_cache, three, settings):
    first = get(client, 1)
    assert stored(1)
    settings.GRAPHQL_CACHE_MAX_BYTES = 2 * len(first.content)  # used: 1 entry
    second = get(client, 2)
    assert references(second) == ["1.1", "1.2"]
    assert not stored(2)


def test_entries_live_one_cache_period(client, api_cache, three, settings):
    settings.GRAPHQL_CACHE_TIMEOUT = 1
    get(client, 1)
    assert stored(1)
    time.sleep(1.2)
    assert not stored(1)
