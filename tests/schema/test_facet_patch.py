"""A facet index brought up to date from the journal answers exactly what a
full build would, after any mix of edits, and shows no draft.

These tests commit for real: an index is stamped, and patched, only when read
in a snapshot of its own, outside any transaction.
"""

import datetime
import json
import random

import pytest

from content_models.models import (
    Action,
    DueDate,
    HumanRightsIssue,
    Indicator,
    ProgressReport,
    Recommendation,
)
from schema.actions import index as action_index
from schema.facets import store
from schema.facets.patch import build_stamped, up_to_date
from schema.indicators import index as indicator_index
from schema.recommendations import index as recommendation_index
from schema.reports import index as report_index
from tests.factories import IndicatorFactory, ProgressReportFactory

from .conftest import make_action, make_recommendation
from .facet_support import content, no_build

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


@pytest.mark.parametrize("seed", range(5))
def test_placing_rows_by_sampled_keys_agrees_with_sorting(seed):
    """The pieces of a merge, against the obvious way, without a database."""
    from schema.facets.merge import _locate, _new_positions

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
