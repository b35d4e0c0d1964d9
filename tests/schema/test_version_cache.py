"""The publication version is cached, so that a cache hit runs no SQL.

These tests commit for real: inside a transaction (every ordinary test) the
version is always read from the database, as a reader must not share its own
uncommitted bump.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Recommendation
from schema import versioning

from .conftest import make_recommendation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIMPLE = "{ recommendations(limit: 5) { totalCount items { reference } } }"


def total(response):
    return response.json()["data"]["recommendations"]["totalCount"]


def test_a_cached_get_runs_no_query_and_keeps_its_etag(client, taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    first = client.get("/graphql/", {"query": SIMPLE})
    assert first.status_code == 200

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/graphql/", {"query": SIMPLE})
        not_modified = client.get(
            "/graphql/", {"query": SIMPLE}, HTTP_IF_NONE_MATCH=first["ETag"]
        )
    assert len(queries) == 0
    assert (again.status_code, again.content) == (200, first.content)
    assert again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]


def test_a_publish_in_this_process_is_seen_at_once(client, taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    draft = make_recommendation(taxonomy, "UPR-2024", "1.2", live=False)
    first = client.get("/graphql/", {"query": SIMPLE})
    assert total(first) == 1
    with CaptureQueriesContext(connection) as queries:
        assert total(client.get("/graphql/", {"query": SIMPLE})) == 1
    assert len(queries) == 0  # positive control: the version is cached

    draft.save_revision().publish()
    published = client.get(
        "/graphql/", {"query": SIMPLE}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert published.status_code == 200
    assert total(published) == 2

    draft.refresh_from_db()
    draft.unpublish()
    unpublished = client.get("/graphql/", {"query": SIMPLE})
    assert total(unpublished) == 1
    assert unpublished["ETag"] == first["ETag"]


def test_a_raw_write_elsewhere_is_seen_within_the_window(client, taxonomy):
    """A write the process does not see (another worker, SQL by hand) changes
    the token through the triggers; this process keeps its cached token until
    the window ends (here: forgotten by hand, as the clock would)."""
    recommendation = make_recommendation(taxonomy, "UPR-2024", "1.1")
    first = client.get("/graphql/", {"query": SIMPLE})
    before = versioning.cached()

    Recommendation.objects.filter(pk=recommendation.pk).update(live=False)

    assert versioning.current() != before
    assert versioning.cached() == before  # within the window
    assert total(client.get("/graphql/", {"query": SIMPLE})) == 1
    versioning.forget_version()  # the window ends
    after = client.get("/graphql/", {"query": SIMPLE})
    assert total(after) == 0
    assert after["ETag"] != first["ETag"]


def test_no_cache_when_the_window_is_zero(client, taxonomy, settings):
    settings.GRAPHQL_VERSION_CACHE_SECONDS = 0
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    client.get("/graphql/", {"query": SIMPLE})
    with CaptureQueriesContext(connection) as queries:
        client.get("/graphql/", {"query": SIMPLE})
    assert len(queries) == 1  # the version


def test_shared_version_sees_a_publish_from_any_worker(client, taxonomy, settings):
    """Shared (Redis in production; the test's cache here): the publishing
    process writes the committed token into the shared cache, so a worker
    holding no local copy reads it from there without SQL."""
    settings.GRAPHQL_VERSION_SHARED = True
    versioning.forget_version()
    draft = make_recommendation(taxonomy, "UPR-2024", "1.2", live=False)
    assert total(client.get("/graphql/", {"query": SIMPLE})) == 0
    with CaptureQueriesContext(connection) as queries:
        assert total(client.get("/graphql/", {"query": SIMPLE})) == 0
    assert len(queries) == 0

    draft.save_revision().publish()
    from django.core.cache import cache

    assert cache.get(versioning.SHARED_KEY) == versioning.current()
    with CaptureQueriesContext(connection) as queries:
        version = versioning.cached()
    assert len(queries) == 0
    assert version == versioning.current()
    assert total(client.get("/graphql/", {"query": SIMPLE})) == 1


def test_inside_a_transaction_the_database_is_asked(taxonomy):
    from django.db import transaction

    versioning.cached()
    with transaction.atomic():
        versioning.bump()
        inside = versioning.cached()
        assert inside == versioning.current()
        transaction.set_rollback(True)
    assert versioning.cached() != inside


def test_a_save_through_the_orm_in_this_process_is_seen_at_once(client, taxonomy):
    """Saving a row the triggers watch forgets the cached token when it
    commits (here: at once, no transaction), unlike a raw ``update()``."""
    first = versioning.cached()
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    assert versioning.current() != first
    assert versioning.cached() == versioning.current()
    assert total(client.get("/graphql/", {"query": SIMPLE})) == 1


def test_an_unreachable_shared_cache_means_reading_the_database(
    client, taxonomy, settings
):
    """Redis down, version shared: POSTs (which need no response cache) are
    still answered, with the version read from the database."""
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.GRAPHQL_CACHE_ALIAS = "down"
    settings.GRAPHQL_VERSION_SHARED = True
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    assert versioning.cached() == versioning.current()
    response = client.post(
        "/graphql/", {"query": SIMPLE}, content_type="application/json"
    )
    assert total(response) == 1
