"""seed_demo's steps before publication: a cycle under consideration, its
response under way, and civil-society feedback.

Seeded once for the module, on the demo day of ``test_seed_demo.py``; that
module checks the rest of the demo, the idempotency of the whole and that
seeding sends no e-mail.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import Q
from django.test import override_settings
from wagtail.models import WorkflowState

from content_models.models import Action, Recommendation, ReportingCycle
from content_models.models.cabinet import CabinetDecision
from workflows import scoping
from workflows.models import Feedback, ResponseRequest
from workflows.response import board_rows

from .seed_demo_support import DEMO_NOW, NZ, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo, seeded once on the demo day; no e-mail sent meanwhile."""
    with module_db.unblock(), override_settings(DEBUG=True):
        with time_machine.travel(DEMO_NOW, tick=True):
            mail.outbox = []
            lines = seed()
            assert mail.outbox == []
            return lines


def test_no_recommendation_both_has_an_action_and_says_why_none(demo):
    """In any version, published or draft: an action answering it (or
    proposing to) and an explanation of why no action is proposed exclude
    each other."""
    through = Action.recommendations.through.objects
    answered = set(through.values_list("recommendation_id", flat=True))
    for action in Action.objects.all():
        draft = action.get_latest_revision_as_object()
        answered |= {rec.pk for rec in draft.recommendations.all()}
    explained = {
        rec.pk
        for rec in Recommendation.objects.all()
        if rec.no_action_reason or rec.get_latest_revision_as_object().no_action_reason
    }
    assert len(answered) == 85 and len(explained) == 10
    assert answered & explained == set()


def test_a_cycle_under_consideration_has_work_before_cabinet(demo):
    cycle = ReportingCycle.objects.get(code="ICCPR-2026")
    assert (cycle.body.code, cycle.document_symbol) == ("ICCPR", "CCPR/C/NZL/CO/7")
    # Received two months before the demo day; Cabinet has not decided.
    assert cycle.received_on == datetime.date(2026, 10, 6)
    assert not CabinetDecision.objects.filter(cycle=cycle).exists()
    recs = cycle.recommendations.all()
    assert recs.count() == 12
    assert not recs.filter(Q(live=True) | Q(first_published_at__isnull=False))
    # Imported by the lead agency: the first revision of each is its manager's.
    imported_by = {rec.revisions.order_by("pk").first().user for rec in recs}
    assert {user.username for user in imported_by} == {"moj-manager"}
    rows = {row.recommendation.reference: row for row in board_rows(cycle)}
    assert {ref: row.state for ref, row in rows.items()} == {
        "para 6(a)": "no_action",
        "para 6(b)": "awaiting",
        "para 8": "proposed",
        "para 10(a)": "proposed",
        "para 10(b)": "awaiting",
        "para 12": "proposed",
        "para 14(a)": "awaiting",
        "para 14(b)": "awaiting",
        "para 16": "no_action",
        "para 18": "proposed",
        "para 20": "awaiting",
        "para 22": "awaiting",
    }
    assert {
        ref: [(p.action.reference, p.published, p.pre_existing) for p in row.actions]
        for ref, row in rows.items()
        if row.actions
    } == {
        "para 8": [("ICCPR-2026-PARA-8-MOJ", False, False)],
        "para 10(a)": [("ACT-MoJ-001", False, True)],
        "para 12": [("ICCPR-2026-PARA-12-POLICE", False, False)],
        "para 18": [("ICCPR-2026-PARA-18-TPA", False, False)],
    }
    assert rows["para 6(a)"].no_action_reason.startswith("Not consistent with")
    assert {ref for ref, row in rows.items() if row.recommendation.prioritised} == {
        "para 8",
        "para 10(a)",
    }
    assert [(r.reference, r.revisit_on) for r in recs.exclude(revisit_on=None)] == [
        ("para 6(a)", datetime.date(2027, 12, 31))
    ]
    # Every responsible agency asked once, by the lead agency, on 22 October.
    asked = ResponseRequest.objects.filter(recommendation__cycle=cycle)
    assert asked.count() == sum(len(row.agencies) for row in rows.values()) == 22
    assert set(asked.values_list("requested_by__username", flat=True)) == {
        "moj-manager"
    }
    assert {
        when.astimezone(NZ) for when in asked.values_list("requested_at", flat=True)
    } == {datetime.datetime(2026, 10, 22, 10, 0, tzinfo=NZ)}
    # Each proposal awaits the lead agency's approval: none approved.
    in_review = WorkflowState.objects.filter(status="in_progress")
    assert sorted(
        (state.content_object.__class__.__name__, state.requested_by.username)
        for state in in_review
        if getattr(state.content_object, "cycle_id", None) == cycle.pk
        or "ICCPR-2026" in getattr(state.content_object, "reference", "")
        or getattr(state.content_object, "reference", "") == "ACT-MoJ-001"
    ) == [
        ("Action", "moj-contributor"),
        ("Action", "moj-contributor"),
        ("Action", "police-contributor"),
        ("Action", "tpa-contributor"),
        ("Recommendation", "moj-contributor"),
        ("Recommendation", "moj-contributor"),
    ]
    assert not WorkflowState.objects.filter(status="approved").exists()
    manager = get_user_model().objects.get(username="moj-manager")
    assert scoping.manages_cycle(manager, cycle)


def test_the_demo_has_civil_society_feedback(demo):
    feedback = Feedback.objects.order_by("pk")
    assert [
        (f.recommendation.natural_key_label, f.consent_to_share, f.status)
        for f in feedback
    ] == [
        ("UPR-2024/122.16", True, "shared"),
        ("UPR-2024/122.50", False, "not_relevant"),
        ("CAT-2023/para 8(c)", True, "new"),
        ("UPR-2024/122.12", False, "new"),
    ]
    assert all(f.recommendation.live for f in feedback)
    marked_by = {f.status_changed_by for f in feedback.exclude(status="new")}
    assert {user.username for user in marked_by} == {"moj-manager"}
