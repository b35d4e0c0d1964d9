"""No stall after a publish: the facet indexes of the new version are built in
the background once the publish commits, and shared between workers through
the cache, so the next reader loads them instead of building them.

These tests commit for real (the build runs after the commit, on its own
connection).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Recommendation
from schema import versioning
from schema.facets import store
from schema.recommendations import index as recommendation_index

from .conftest import make_recommendation
from .facet_support import no_build

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_facet_indexes"),
]

LIST = """{ recommendations(limit: 5) { totalCount items { reference }
  facets { issues(includeEmpty: true) { code count } } } }"""


def listed(gql):
    data = gql(LIST)["recommendations"]
    counts = {value["code"]: value["count"] for value in data["facets"]["issues"]}
    return data["totalCount"], counts


def orm_issue_counts():
    live = Recommendation.objects.filter(live=True)
    return live.count(), {
        slug: live.filter(issues__slug=slug).count() for slug in ("justice", "housing")
    }


def queries_of(gql):
    with CaptureQueriesContext(connection) as queries:
        result = listed(gql)
    return result, len(queries)


def test_a_publish_builds_the_index_ahead(gql, taxonomy, settings):
    settings.GRAPHQL_FACETS_PREBUILD = True
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    draft = make_recommendation(
        taxonomy, "UPR-2024", "1.2", issues=["housing"], live=False
    )
    assert listed(gql) == (1, {"justice": 1, "housing": 0})
    warm, warm_queries = queries_of(gql)

    draft.save_revision().publish()
    store.wait_for_prebuild(30)
    version = versioning.public_version()
    assert store._indexes[recommendation_index.KEY][0] == version

    after, after_queries = queries_of(gql)
    assert after == orm_issue_counts() == (2, {"justice": 1, "housing": 1})
    # Not rebuilt by the reader: the same queries as a warm request.
    assert after_queries == warm_queries

    draft.refresh_from_db()
    draft.unpublish()
    store.wait_for_prebuild(30)
    assert store._indexes[recommendation_index.KEY][0] == versioning.public_version()
    assert queries_of(gql) == (warm, warm_queries)
    assert warm == orm_issue_counts()


def test_without_prebuild_the_reader_builds(gql, taxonomy):
    """Positive control: with building ahead off (the tests' default), the
    reader after a publish builds the index itself (more queries)."""
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    draft = make_recommendation(taxonomy, "UPR-2024", "1.2", live=False)
    listed(gql)
    _, warm_queries = queries_of(gql)
    draft.save_revision().publish()
    assert store.wait_for_prebuild(0) is True  # nothing was started
    (total, _), after_queries = queries_of(gql)
    assert total == 2
    assert after_queries > warm_queries


def test_shared_index_is_loaded_not_built(gql, taxonomy, settings, monkeypatch):
    """Another worker (here: this one with its indexes forgotten) loads the
    index from the shared cache instead of reading the tables again."""
    settings.GRAPHQL_FACETS_SHARED = True
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    make_recommendation(taxonomy, "CAT-2023", "2", issues=["justice", "housing"])
    first = listed(gql)
    assert first == orm_issue_counts() == (2, {"justice": 2, "housing": 1})
    version = versioning.public_version()
    assert cache.get(f"hrm-facets:{recommendation_index.KEY}:{version}") is not None
    _, warm_queries = queries_of(gql)

    store.clear()
    loaded, loaded_queries = queries_of(gql)
    assert loaded == first
    assert loaded_queries == warm_queries

    # A new version: this worker patches its index (not shared); a worker
    # holding none loads the older shared one and patches it, building
    # nothing.
    make_recommendation(taxonomy, "UPR-2024", "1.2", issues=["housing"])
    assert listed(gql) == orm_issue_counts() == (3, {"justice": 2, "housing": 2})
    newer = versioning.public_version()
    assert newer != version
    assert cache.get(f"hrm-facets:{recommendation_index.KEY}:{newer}") is None
    store.clear()
    with monkeypatch.context() as patched:
        patched.setattr(store, "build_stamped", no_build)
        assert listed(gql) == (3, {"justice": 2, "housing": 2})

    # With patching off, a new version's index is built and replaces the old
    # one in the cache.
    settings.GRAPHQL_FACETS_PATCH = False
    make_recommendation(taxonomy, "UPR-2024", "1.3", issues=["housing"])
    assert listed(gql) == orm_issue_counts() == (4, {"justice": 2, "housing": 3})
    newest = versioning.public_version()
    assert cache.get(f"hrm-facets:{recommendation_index.KEY}:{newest}") is not None
    assert cache.get(f"hrm-facets:{recommendation_index.KEY}:{version}") is None
    first = listed(gql)
    _, warm_queries = queries_of(gql)

    # Positive control: not shared, a worker without the index builds it.
    settings.GRAPHQL_FACETS_SHARED = False
    store.clear()
    built, built_queries = queries_of(gql)
    assert built == first
    assert built_queries > warm_queries


@pytest.mark.django_db
def test_an_unreachable_shared_cache_means_building_here(gql, taxonomy, settings):
    """Redis down: the list is still answered, from an index built here."""
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.GRAPHQL_CACHE_ALIAS = "down"
    settings.GRAPHQL_FACETS_SHARED = True
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    assert listed(gql) == orm_issue_counts() == (1, {"justice": 1, "housing": 0})


def test_a_new_worker_loads_the_shared_indexes_before_its_first_request(
    gql, taxonomy, settings, monkeypatch
):
    """gunicorn's post_worker_init warms a worker up: the shared index of
    each list it finds is loaded, with its counts; nothing is built."""
    from schema.lists import warm_up

    settings.GRAPHQL_FACETS_SHARED = True
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    first = listed(gql)  # built and shared by this worker
    _, warm_queries = queries_of(gql)

    store.clear()
    with monkeypatch.context() as patched:
        patched.setattr(store, "build_stamped", no_build)
        patched.setattr(recommendation_index, "build", no_build)
        # Only the recommendations' index was shared: the others are left
        # to their first reader.
        assert warm_up() == ["recommendations"]
    index = store._indexes[recommendation_index.KEY][1]
    assert index.dimensions["issues"]._totals == {"justice": 1}
    assert queries_of(gql) == (first, warm_queries)

    # A newer version than the one shared: the shared one, patched.
    make_recommendation(taxonomy, "UPR-2024", "1.2", issues=["housing"])
    store.clear()
    with monkeypatch.context() as patched:
        patched.setattr(store, "build_stamped", no_build)
        assert warm_up() == ["recommendations"]
    assert store._indexes[recommendation_index.KEY][0] == versioning.public_version()
    assert listed(gql) == orm_issue_counts() == (2, {"justice": 1, "housing": 1})

    # Positive control: nothing shared, nothing loaded; the reader builds.
    settings.GRAPHQL_FACETS_SHARED = False
    store.clear()
    assert warm_up() == []
    assert store._indexes == {}
    built, built_queries = queries_of(gql)
    assert built == (2, {"justice": 1, "housing": 1})
    assert built_queries > warm_queries
