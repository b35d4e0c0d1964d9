"""The journal of changed rows, and when a facet index is patched from it,
rebuilt instead, or built ahead after a publish.

These tests commit for real: an index is stamped, and patched, only when read
in a snapshot of its own, outside any transaction.
"""

import datetime

import pytest
from django.db import connection

from content_models.models import (
    Action,
    DueDate,
    HumanRightsIssue,
    Recommendation,
)
from schema import journal, versioning
from schema.facets import store
from schema.facets.patch import build_stamped, up_to_date
from schema.recommendations import index as recommendation_index

from .conftest import make_action, make_recommendation
from .facet_support import content, no_build

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_facet_indexes"),
]


def test_nothing_changed_gives_the_same_rows_under_a_new_stamp(taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    index = build_stamped(recommendation_index.SOURCE)
    draft = make_recommendation(taxonomy, "UPR-2024", "1.2", live=False)
    draft.save_revision()  # a draft's revision: public rows unchanged
    patched = up_to_date(index, recommendation_index.SOURCE)
    assert patched is not index
    assert content(patched) == content(index)
    # The draft's insert changed the token (any insert does), and wrote no
    # journal entry: a draft is in no index.
    assert patched.stamp.token != index.stamp.token
    assert patched.stamp.position == index.stamp.position


def test_a_taxonomy_change_or_a_long_journal_rebuilds(taxonomy, settings):
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    index = build_stamped(recommendation_index.SOURCE)
    HumanRightsIssue.objects.filter(slug="justice").update(name="Justice and law")
    assert up_to_date(index, recommendation_index.SOURCE) is None

    index = build_stamped(recommendation_index.SOURCE)
    settings.GRAPHQL_FACETS_PATCH_LIMIT = 3
    for number in range(3):
        make_recommendation(taxonomy, "UPR-2019", f"2.{number}", issues=["housing"])
    assert up_to_date(index, recommendation_index.SOURCE) is None
    # Positive control: within the limit it patches.
    settings.GRAPHQL_FACETS_PATCH_LIMIT = 2000
    patched = up_to_date(index, recommendation_index.SOURCE)
    assert content(patched) == content(build_stamped(recommendation_index.SOURCE))


def test_a_pruned_journal_rebuilds(taxonomy, settings):
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    index = build_stamped(recommendation_index.SOURCE)
    for number in range(4):
        make_recommendation(taxonomy, "UPR-2019", f"2.{number}")
    settings.GRAPHQL_JOURNAL_KEEP = 2
    assert versioning.prune_journal() > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM schema_api_journal")
        assert cursor.fetchone()[0] == 2
    assert up_to_date(index, recommendation_index.SOURCE) is None
    # Positive control: an index stamped after the pruning patches.
    index = build_stamped(recommendation_index.SOURCE)
    make_recommendation(taxonomy, "UPR-2019", "3.1")
    assert up_to_date(index, recommendation_index.SOURCE) is not None


def test_inside_a_transaction_nothing_is_stamped_or_patched(taxonomy):
    from django.db import transaction

    make_recommendation(taxonomy, "UPR-2024", "1.1")
    stamped = build_stamped(recommendation_index.SOURCE)
    with transaction.atomic():
        # A writer's own uncommitted rows must never be stamped as committed.
        make_recommendation(taxonomy, "UPR-2024", "1.2")
        assert build_stamped(recommendation_index.SOURCE).stamp is None
        assert up_to_date(stamped, recommendation_index.SOURCE) is None
    assert up_to_date(stamped, recommendation_index.SOURCE) is not None


def test_the_journal_names_the_rows_and_links_that_changed(taxonomy):
    recommendation = make_recommendation(taxonomy, "UPR-2024", "1.1")
    action = make_action(taxonomy, "A-1")
    start = journal.stamp().position

    action.recommendations.add(recommendation)
    action.save()  # a cluster's relations are written when it is saved
    Recommendation.objects.filter(pk=recommendation.pk).update(follow_up=True)
    # Editorial bookkeeping on a published row is not public: no entry.
    Recommendation.objects.filter(pk=recommendation.pk).update(
        has_unpublished_changes=True
    )
    due = DueDate.objects.create(action=action, date=datetime.date(2021, 1, 1))
    # A draft inserted, then deleted, is in no index: no entry.
    make_recommendation(taxonomy, "UPR-2024", "1.9", live=False).delete()

    entries = journal.entries(start, journal.stamp().position)
    through = Action.recommendations.through._meta.db_table
    table = Recommendation._meta.db_table
    assert sorted(entries) == sorted(
        [
            (through, action.pk, recommendation.pk),
            # An update records the row once (twice if it moved to
            # another action).
            (table, recommendation.pk, None),
            (DueDate._meta.db_table, due.pk, action.pk),
        ]
    )


def test_a_publish_patches_the_index_ahead_without_a_build(
    gql, taxonomy, settings, monkeypatch
):
    settings.GRAPHQL_FACETS_PREBUILD = True
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    draft = make_recommendation(
        taxonomy, "UPR-2024", "1.2", issues=["housing"], live=False
    )
    query = "{ recommendations { totalCount facets { issues { code count } } } }"
    first = gql(query)["recommendations"]
    assert first["totalCount"] == 1

    before = store._indexes[recommendation_index.KEY][1].stamp
    monkeypatch.setattr(store, "build_stamped", no_build)
    draft.save_revision().publish()
    assert store.wait_for_prebuild(30)
    # Patched in the background (a later write of the publish, if any, is
    # patched by the reader: nothing is built either way).
    ahead = store._indexes[recommendation_index.KEY][1].stamp
    assert ahead.position > before.position
    after = gql(query)["recommendations"]
    assert after["totalCount"] == 2
    counts = {value["code"]: value["count"] for value in after["facets"]["issues"]}
    assert counts == {"housing": 1, "justice": 1}


def test_an_index_failing_ahead_does_not_stop_the_others(gql, taxonomy):
    make_recommendation(taxonomy, "UPR-2024", "1.1", issues=["justice"])
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("the second build fails")
        return frozenset()

    store.get_index("flaky", "v0", flaky)
    assert gql("{ recommendations { totalCount } }")["recommendations"] == {
        "totalCount": 1
    }
    assert store.prebuild("v1") == [recommendation_index.KEY]
    assert store._indexes[recommendation_index.KEY][0] == "v1"
    assert store._indexes["flaky"][0] == "v0"


def test_a_failing_patch_is_built_instead_and_the_query_answers(
    gql, taxonomy, monkeypatch
):
    """A database error while patching (inside the API's read-only
    transaction on PostgreSQL) leaves that transaction usable: the index is
    built instead and the query answers."""
    query = "{ recommendations { totalCount } }"
    make_recommendation(taxonomy, "UPR-2024", "1.1")
    assert gql(query) == {"recommendations": {"totalCount": 1}}
    make_recommendation(taxonomy, "UPR-2024", "1.2")

    def broken(after, upto):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(journal, "entries", broken)
    assert gql(query) == {"recommendations": {"totalCount": 2}}
    stamp = store._indexes[recommendation_index.KEY][1].stamp
    # Built whole (stamped where the build could be: outside a transaction).
    assert stamp is None or stamp.token == versioning.current()
