"""A facet index brought up to date from the journal answers exactly what a
full build would, after any mix of edits; and a publish patches, not builds.

These tests commit for real: an index is stamped, and patched, only when read
in a snapshot of its own, outside any transaction.
"""

import datetime
import json
import random

import pytest
from django.db import connection

from content_models.models import (
    Action,
    DueDate,
    HumanRightsIssue,
    Indicator,
    ProgressReport,
    Recommendation,
)
from schema import versioning
from schema.actions import index as action_index
from schema.facets import store
from schema.facets.bitset import ascending
from schema.facets.patch import build_stamped, up_to_date
from schema.indicators import index as indicator_index
from schema.recommendations import index as recommendation_index
from schema.reports import index as report_index
from tests.factories import IndicatorFactory, ProgressReportFactory

from .conftest import make_action, make_recommendation

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_facet_indexes"),
]

SOURCES = (
    recommendation_index.SOURCE,
    action_index.SOURCE,
    indicator_index.SOURCE,
    report_index.SOURCE,
)
CYCLES = ("UPR-2019", "UPR-2024", "CAT-2023")
STATUSES = [
    choice for choice, _label in Action._meta.get_field("progress_status").choices
]


def content(index):
    """What an index answers with: its rows in order, every facet's and flag's
    rows, and every named order."""
    ids = index.ids
    rows = lambda bits: [ids[p] for p in ascending(bits)]  # noqa: E731
    return {
        "ids": list(ids),
        "dimensions": {
            name: {
                code: rows(dimension.bits(code, index.size))
                for code in sorted({*dimension.bitsets, *dimension.codes})
                if dimension.bits(code, index.size)
            }
            for name, dimension in index.dimensions.items()
        },
        "labels": {
            name: [label.code for label in dimension.labels]
            for name, dimension in index.dimensions.items()
        },
        "flags": {name: rows(bits) for name, bits in index.flags.items()},
        "orders": {
            name: [ids[p] for p in index.order_of(name)[0]] for name in index.orders
        },
        "ranks": {
            name: [index.order_of(name)[1][p] for p in index.order_of(name)[0]]
            for name in index.orders
        },
        "positions": index.positions,
    }


def world(taxonomy, rng):
    t = taxonomy
    recommendations = []
    for number in range(24):
        recommendations.append(
            make_recommendation(
                t,
                rng.choice(CYCLES),
                f"{rng.randint(1, 9)}.{number}",
                states=rng.sample(list(t["countries"]), rng.randint(0, 2)),
                issues=rng.sample(list(t["issues"]), rng.randint(0, 2)),
                groups=rng.sample(list(t["groups"]), rng.randint(0, 2)),
                sdgs=rng.sample(list(t["sdgs"]), rng.randint(0, 1)),
                agencies=rng.sample(list(t["agencies"]), rng.randint(0, 2)),
                live=rng.random() < 0.8,
                follow_up=number % 8 == 0,
            )
        )
    for number in range(14):
        make_action(
            t,
            f"A-{rng.randint(1, 5)}.{number}",
            recommendations=rng.sample(recommendations, rng.randint(0, 3)),
            lead=rng.choice([None, *t["agencies"]]),
            agencies=rng.sample(list(t["agencies"]), rng.randint(0, 2)),
            issues=rng.sample(list(t["issues"]), rng.randint(0, 2)),
            smart="".join(rng.sample("SMART", rng.randint(0, 5))),
            progress_status=rng.choice(STATUSES),
            live=rng.random() < 0.8,
            target_date=rng.choice([None, datetime.date(2020, 1, 1)]),
        )
    for number, action in enumerate(Action.objects.order_by("pk")):
        for _ in range(rng.randint(0, 2)):
            indicator = IndicatorFactory(
                action=action,
                reference=f"I-{rng.randint(1, 4)}.{number}.{_}",
                live=rng.random() < 0.8,
            )
            if rng.random() < 0.6:
                ProgressReportFactory(
                    action=action,
                    indicator=indicator,
                    live=rng.random() < 0.8,
                    document_public=rng.random() < 0.5,
                )


def edit(taxonomy, rng, counter):
    """One random change through the ORM, Wagtail or raw SQL; its name."""
    t = taxonomy
    recommendations = list(Recommendation.objects.order_by("pk"))
    actions = list(Action.objects.order_by("pk"))
    recommendation = rng.choice(recommendations)
    action = rng.choice(actions)
    kind = rng.choice(
        [
            "publish recommendation",
            "unpublish recommendation",
            "new recommendation",
            "delete recommendation",
            "re-reference recommendation",
            "move recommendation",
            "recommendation issues",
            "recommendation states",
            "publish action",
            "unpublish action",
            "action status",
            "action links",
            "action smart",
            "action published at",
            "new action",
            "due date",
            "report",
            "draft edit",
            "publish indicator",
            "unpublish indicator",
            "re-reference indicator",
            "unpublish report",
            "new report",
            "action agencies",
            "action lead",
        ]
    )
    indicators = list(Indicator.objects.order_by("pk")) or [None]
    indicator = rng.choice(indicators)
    reports = list(ProgressReport.objects.order_by("pk")) or [None]
    report = rng.choice(reports)
    if kind == "publish recommendation":
        recommendation.save_revision().publish()
    elif kind == "unpublish recommendation" and recommendation.live:
        recommendation.unpublish()
    elif kind == "new recommendation":
        make_recommendation(
            t,
            rng.choice(CYCLES),
            f"{rng.randint(1, 9)}.{100 + counter}",
            issues=rng.sample(list(t["issues"]), 1),
            states=rng.sample(list(t["countries"]), 1),
        )
    elif kind == "delete recommendation":
        recommendation.delete()
    elif kind == "re-reference recommendation":
        Recommendation.objects.filter(pk=recommendation.pk).update(
            reference=f"{rng.randint(1, 9)}.{200 + counter}"
        )
    elif kind == "move recommendation":
        Recommendation.objects.filter(pk=recommendation.pk).update(
            cycle=t["cycles"][rng.choice(CYCLES)]
        )
    elif kind == "recommendation issues":
        recommendation.issues.set(rng.sample(list(t["issues"].values()), 1))
        recommendation.save()  # a cluster's relations are written on save
    elif kind == "recommendation states":
        recommendation.recommending_states.set(
            rng.sample(list(t["countries"].values()), rng.randint(0, 3))
        )
        recommendation.save()
    elif kind == "publish action":
        action.save_revision().publish()
    elif kind == "unpublish action" and action.live:
        action.unpublish()
    elif kind == "action status":
        Action.objects.filter(pk=action.pk).update(progress_status=rng.choice(STATUSES))
    elif kind == "action links":
        action.recommendations.set(rng.sample(recommendations, rng.randint(0, 3)))
        action.save()
    elif kind == "action smart":
        action.smart_criteria.set(
            rng.sample(list(t["smart"].values()), rng.randint(0, 5))
        )
        action.save()
    elif kind == "action published at":
        Action.objects.filter(pk=action.pk).update(
            first_published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(days=rng.randint(0, 3))
        )
    elif kind == "new action":
        make_action(
            t,
            f"A-{rng.randint(1, 5)}.{100 + counter}",
            recommendations=rng.sample(recommendations, 1),
            smart="SM",
        )
    elif kind == "due date":
        DueDate.objects.get_or_create(
            action=action,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=counter),
        )
    elif kind == "report":
        due = DueDate.objects.filter(action=action).first()
        if due is not None:
            ProgressReportFactory(action=action, due_date=due)
        else:
            IndicatorFactory(action=action, reference=f"I-{counter}")
    elif kind == "publish indicator" and indicator is not None:
        indicator.save_revision().publish()
    elif kind == "unpublish indicator" and indicator is not None and indicator.live:
        indicator.unpublish()
    elif kind == "re-reference indicator" and indicator is not None:
        Indicator.objects.filter(pk=indicator.pk).update(
            reference=f"I-{rng.randint(1, 4)}.{300 + counter}"
        )
    elif kind == "unpublish report" and report is not None and report.live:
        report.unpublish()
    elif kind == "new report":
        ProgressReportFactory(
            action=action,
            indicator=Indicator.objects.filter(action=action).first(),
            document_public=True,
        )
    elif kind == "action agencies":
        action.responsible_agencies.set(
            rng.sample(list(t["agencies"].values()), rng.randint(0, 2))
        )
        action.save()
    elif kind == "action lead":
        Action.objects.filter(pk=action.pk).update(
            lead_agency=rng.choice([None, *t["agencies"].values()])
        )
    elif kind == "draft edit":
        # A draft of a published row: nothing public changes.
        recommendation.reference = "draft only"
        recommendation.save_revision()
    return kind


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_patched_index_equals_a_full_build_after_random_edits(taxonomy, seed):
    rng = random.Random(seed)
    world(taxonomy, rng)
    indexes = {source.key: build_stamped(source) for source in SOURCES}
    assert all(index.stamp is not None for index in indexes.values())
    done = []
    for counter in range(40):
        for _ in range(rng.randint(1, 3)):
            done.append(edit(taxonomy, rng, counter))
        for source in SOURCES:
            patched = up_to_date(indexes[source.key], source)
            assert patched is not None, (source.key, done)
            full = build_stamped(source)
            assert content(patched) == content(full), (source.key, done)
            assert patched.stamp == full.stamp
            indexes[source.key] = patched
    # The edits reached every kind of change (the seed is fixed).
    assert len(set(done)) >= 16


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
    start = versioning.stamp().position

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

    entries = versioning.journal(start, versioning.stamp().position)
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

    def no_build(source):
        raise AssertionError(f"{source.key} was built, not patched")

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


@pytest.mark.parametrize("seed", range(5))
def test_placing_rows_by_sampled_keys_agrees_with_sorting(seed):
    """The pieces of a merge, against the obvious way, without a database."""
    from schema.facets.patch import _locate, _new_positions

    rng = random.Random(seed)
    size = rng.randint(0, 3000)
    keys = sorted(rng.sample(range(100_000), size))
    ids = [1000 + i for i in range(size)]
    key_of = dict(zip(ids, keys, strict=True))
    asked = []

    def lookup(wanted):
        asked.append(len(wanted))
        return {pk: key_of[pk] for pk in wanted}

    targets = sorted(rng.sample(range(100_000), rng.randint(1, 6)))
    targets = [t for t in targets if t not in key_of]
    points = _locate(size, ids.__getitem__, targets, lookup)
    assert points == [sum(1 for k in keys if k < t) for t in targets]
    # Two lookups of about √size keys each, never the whole list.
    assert len(asked) <= 2
    assert all(count <= 2 * (size**0.5 + 1) * len(targets) for count in asked)

    removed = sorted(rng.sample(range(size), min(size, rng.randint(0, 5))))
    kept = [p for p in range(size) if p not in removed]
    inserted = sorted(rng.choices(range(len(kept) + 1), k=rng.randint(0, 5)))
    final = []
    start = 0
    for point in inserted:
        final.extend(kept[start:point])
        start = point
        final.append(None)
    final.extend(kept[start:])
    expected = [-1] * size
    for new, old in enumerate(final):
        if old is not None:
            expected[old] = new
    assert _new_positions(size, removed, inserted) == expected


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


@pytest.mark.parametrize("seed", [1, 2])
def test_no_draft_leaks_through_a_patched_index(
    gql, taxonomy, search_backend_ready, seed, settings, monkeypatch
):
    """The draft-leak property test's world, published first and read (the
    indexes are built), then made drafts, unpublished, changed or locked: the
    patched indexes show none of it, and nothing is rebuilt."""
    from .test_visibility import EVERYTHING, SECRET, STATES, apply_state, secret_text

    settings.GRAPHQL_MAX_COST = 1_000_000
    rng = random.Random(seed)
    taxonomy["secret_issue"] = taxonomy["issues"]["secretissue"] = (
        HumanRightsIssue.objects.create(slug="secretissue", name="Only drafts use this")
    )
    later = []
    recommendations = []
    for n in range(12):
        state = rng.choice(STATES)
        hidden = state in ("draft", "unpublished")
        recommendation = make_recommendation(
            taxonomy,
            rng.choice(CYCLES),
            secret_text(state, f"R{n}"),
            text=secret_text(state, f"Recommendation text {n}"),
            issues=["secretissue"] if hidden else ["justice"],
            states=rng.sample(["AUS", "FJI"], rng.randint(0, 2)),
        )
        recommendations.append(recommendation)
        later.append((recommendation, state))
    for n in range(8):
        state = rng.choice(STATES)
        hidden = state in ("draft", "unpublished")
        action = make_action(
            taxonomy,
            secret_text(state, f"A{n}").replace(" ", "-"),
            title=secret_text(state, f"Action {n}"),
            recommendations=rng.sample(recommendations, rng.randint(0, 4)),
            issues=["secretissue"] if hidden else ["justice"],
            smart=rng.choice(["", "S", "SM", "SMART"]),
        )
        later.append((action, state))
    # Everything is public, and read: the indexes are built and stamped.
    assert "errors" not in json.loads(gql.post(EVERYTHING, {}).content)

    monkeypatch.setattr(store, "build_stamped", no_build)
    for obj, state in later:
        apply_state(obj, state, rng, taxonomy)
    for search in (None, SECRET, "draft", "title"):
        text = gql.post(EVERYTHING, {"search": search}).content.decode()
        assert "errors" not in json.loads(text), text
        assert SECRET not in text.lower(), (seed, search, text)
        assert "secretissue" not in text
    # Counts equal the ORM's.
    data = gql("{ recommendations { totalCount } actions { totalCount } }")
    assert data["recommendations"]["totalCount"] == (
        Recommendation.objects.filter(live=True).count()
    )
    assert data["actions"]["totalCount"] == Action.objects.filter(live=True).count()


def no_build(source):
    raise AssertionError(f"{source.key} was built, not patched")


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

    monkeypatch.setattr(versioning, "journal", broken)
    assert gql(query) == {"recommendations": {"totalCount": 2}}
    stamp = store._indexes[recommendation_index.KEY][1].stamp
    # Built whole (stamped where the build could be: outside a transaction).
    assert stamp is None or stamp.token == versioning.current()
