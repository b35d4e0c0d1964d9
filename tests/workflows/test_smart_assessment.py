"""The SMART assessment: per letter met or not with a reason, who and when.

The assessor and the time are set by ``assess_smart`` when the letters or a
reason change (never typed); only lead agency managers of the item's body and
administrators may change it; a draft carries it in its revision and the
public reads only the published one.
"""

import datetime
import json
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from content_models.models import Action, SmartCriterion
from workflows import actions

from .admin_helpers import edit_data, url

pytestmark = pytest.mark.django_db

NAMES = {
    "S": "Specific",
    "M": "Measurable",
    "A": "Assignable",
    "R": "Relevant",
    "T": "Time-bound",
}
# 3:52 pm on 6 December 2026 in Auckland (NZDT, UTC+13).
FIXED = datetime.datetime(2026, 12, 6, 2, 52, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 12, 7, 2, 52, tzinfo=datetime.UTC)
UNASSESSED = [(letter, False, "") for letter in "SMART"]


@pytest.fixture
def criteria(db):
    return {
        letter: SmartCriterion.objects.get_or_create(
            letter=letter, defaults={"name": name, "sort_order": position}
        )[0]
        for position, (letter, name) in enumerate(NAMES.items())
    }


def at(moment):
    return mock.patch("workflows.actions.timezone.now", return_value=moment)


def state(obj):
    """The assessment of ``obj`` as loaded: letters, assessor id, time."""
    return (
        [(entry.letter, entry.met, entry.reason) for entry in obj.smart_assessment()],
        obj.smart_assessed_by_id,
        obj.smart_assessed_at,
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def draft(obj):
    return fresh(obj).get_latest_revision_as_object()


def post_assessment(client, model, obj, met, reasons, **changes):
    """Post the edit form as it is, with ``met`` ticked and ``reasons`` typed."""
    data = edit_data(client, model, obj)
    for letter in "smart":
        data.pop(f"smart_met_{letter}", None)
    for letter in met:
        data[f"smart_met_{letter.lower()}"] = "on"
    for letter, reason in reasons.items():
        data[f"smart_reason_{letter.lower()}"] = reason
    data.update(changes)
    return client.post(url(model, "edit", obj), data)


ASSESSED = [
    ("S", True, "One camera per officer, named units."),
    ("M", True, "Counted monthly."),
    ("A", False, "No budget yet."),
    ("R", False, ""),
    ("T", False, ""),
]
REASONS = {"S": ASSESSED[0][2], "M": ASSESSED[1][2], "A": ASSESSED[2][2]}


@pytest.mark.parametrize("model", ["action", "indicator"])
def test_a_managers_assessment_is_a_draft_with_assessor_and_time(
    client, world, items, criteria, model
):
    obj = items[model]
    client.force_login(world.moj_manager)
    with at(FIXED):
        response = post_assessment(client, model, obj, "SM", REASONS)
    assert response.status_code == 302
    assert state(draft(obj)) == (ASSESSED, world.moj_manager.pk, FIXED)
    # The published row is untouched until the draft is published.
    assert state(fresh(obj)) == (UNASSESSED, None, None)
    assert fresh(obj).has_unpublished_changes is True


def test_a_contributor_cannot_assess_and_nothing_changes(
    client, world, items, criteria
):
    action = items["action"]
    client.force_login(world.police_contributor)
    response = post_assessment(
        client, "action", action, "SMART", {"S": "forged"}, title="Edited by Police"
    )
    # The contributor's save goes through, without the forged assessment.
    assert response.status_code == 302
    assert draft(action).title == "Edited by Police"
    assert state(draft(action)) == (UNASSESSED, None, None)
    assert state(fresh(action)) == (UNASSESSED, None, None)

    # The same client, signed in as the body's manager, may assess it.
    client.force_login(world.moj_manager)
    with at(FIXED):
        response = post_assessment(client, "action", action, "SM", REASONS)
    assert response.status_code == 302
    assert state(draft(action)) == (ASSESSED, world.moj_manager.pk, FIXED)


def test_saving_an_unchanged_assessment_keeps_its_assessor(
    client, world, items, criteria
):
    action = items["action"]
    client.force_login(world.moj_manager)
    with at(FIXED):
        post_assessment(client, "action", action, "SM", REASONS)

    client.force_login(world.admin)
    with at(LATER):
        response = post_assessment(
            client, "action", action, "SM", REASONS, title="Retitled"
        )
    assert response.status_code == 302
    assert draft(action).title == "Retitled"
    assert state(draft(action)) == (ASSESSED, world.moj_manager.pk, FIXED)

    # A changed reason is a new assessment, by whoever changed it.
    with at(LATER):
        response = post_assessment(
            client, "action", action, "SM", {**REASONS, "T": "No date set."}
        )
    assert response.status_code == 302
    letters, assessor, when = state(draft(action))
    assert letters[4] == ("T", False, "No date set.")
    assert (assessor, when) == (world.admin.pk, LATER)


@pytest.mark.parametrize("role", ["police_contributor", "msd_manager"])
def test_assess_smart_refuses_who_may_not_assess(world, items, criteria, role):
    action = fresh(items["action"])
    before = state(action)
    with pytest.raises(PermissionDenied):
        actions.assess_smart(
            item=action, met=["S"], reasons={"S": "x"}, user=getattr(world, role)
        )
    assert state(action) == before  # nothing set in memory
    assert state(draft(action)) == before  # nor saved

    # The body's lead agency manager may, on the same item.
    changed = actions.assess_smart(
        item=action, met=["S"], reasons={"S": "x"}, user=world.moj_manager, now=FIXED
    )
    assert changed is True
    assert state(action)[1:] == (world.moj_manager.pk, FIXED)


def test_letters_ticked_before_the_assessment_read_as_met(world, items, criteria):
    # What the migration keeps: the letters chosen before are the letters met.
    action = fresh(items["action"])
    action.smart_criteria.set([criteria["S"], criteria["T"]])
    action.save()
    action = fresh(action)
    assert state(action) == (
        [
            ("S", True, ""),
            ("M", False, ""),
            ("A", False, ""),
            ("R", False, ""),
            ("T", True, ""),
        ],
        None,
        None,
    )


QUERY = """query($reference: String) { action(reference: $reference) {
  smart smartAssessment { letter met reason } smartAssessedAt } }"""


def public_assessment(client, reference):
    response = client.post(
        "/graphql/",
        json.dumps({"query": QUERY, "variables": {"reference": reference}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]["action"]


def test_the_public_sees_only_the_published_assessment(client, world, items, criteria):
    action = items["action"]
    client.force_login(world.moj_manager)
    with at(FIXED):
        post_assessment(client, "action", action, "SM", REASONS)
    client.logout()
    unassessed = [
        {"letter": letter, "met": False, "reason": None} for letter in "SMART"
    ]
    assert public_assessment(client, action.reference) == {
        "smart": [],
        "smartAssessment": unassessed,
        "smartAssessedAt": None,
    }

    fresh(action).get_latest_revision().publish(user=world.moj_manager)
    assert public_assessment(client, action.reference) == {
        "smart": ["S", "M"],
        "smartAssessment": [
            {"letter": letter, "met": met, "reason": reason or None}
            for letter, met, reason in ASSESSED
        ],
        "smartAssessedAt": "2026-12-06T02:52:00+00:00",
    }
    # The assessor's name is not public.
    assert world.moj_manager.username not in json.dumps(
        public_assessment(client, action.reference)
    )


def test_the_edit_page_says_who_assessed_and_when(client, world, items, criteria):
    action = items["action"]
    manager = world.moj_manager
    manager.first_name, manager.last_name = "Aroha", "Ngata"
    manager.save()
    client.force_login(manager)
    with at(FIXED):
        post_assessment(client, "action", action, "SM", REASONS)
    # The contributor reads the assessment, without its fields.
    client.force_login(world.police_contributor)
    response = client.get(url("action", "edit", action))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Assessed by Aroha Ngata on " in html
    assert "S — Specific" in html
    assert "One camera per officer, named units." in html
    assert 'name="smart_met_s"' not in html
    assert Action.objects.filter(pk=action.pk, smart_assessed_by=None).exists()


def test_the_history_compares_the_assessment(client, world, items, criteria):
    action = items["action"]
    published = fresh(action).latest_revision
    client.force_login(world.moj_manager)
    with at(FIXED):
        post_assessment(client, "action", action, "SM", REASONS)
    draft_revision = fresh(action).latest_revision
    assert draft_revision.pk != published.pk
    response = client.get(
        url("action", "revisions_compare", action, published.pk, draft_revision.pk)
    )
    assert response.status_code == 200
    labels = [
        str(comparison.field_label())
        for comparison in response.context["comparison"]
        if comparison.has_changed()
    ]
    assert labels == [
        "Reason (S)",
        "Reason (M)",
        "Reason (A)",
        "SMART criteria met",
        "SMART assessed by",
        "SMART assessed at",
    ]


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "publish"])
def test_a_new_action_is_assessed_when_created(client, world, items, criteria, publish):
    client.force_login(world.moj_manager)
    data = {
        "reference": "ACT-NEW",
        "title": "A new action",
        "progress_status": "in_preparation",
        "recommendations": [str(world.upr_recommendation.pk)],
        "smart_met_s": "on",
        "smart_reason_s": "Named units.",
        "smart_reason_t": "No date yet.",
    }
    if publish:
        data["action-publish"] = "action-publish"
    with at(FIXED):
        response = client.post(url("action", "add"), data)
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    created = Action.objects.get(reference="ACT-NEW")
    expected_state = (
        [
            ("S", True, "Named units."),
            ("M", False, ""),
            ("A", False, ""),
            ("R", False, ""),
            ("T", False, "No date yet."),
        ],
        world.moj_manager.pk,
        FIXED,
    )
    assert state(draft(created)) == expected_state
    assert created.live is publish
    # A new draft's row holds its content too, as Wagtail saves it.
    assert state(fresh(created)) == expected_state
