"""History records every step; two editors never silently overwrite each other."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision

from .admin_helpers import edit_data, url

pytestmark = pytest.mark.django_db


def loaded_revision(html):
    return {
        "loaded_revision_id": re.search(
            r'name="loaded_revision_id" value="(\d+)"', html
        ).group(1),
        "loaded_revision_created_at": re.search(
            r'name="loaded_revision_created_at" value="([^"]+)"', html
        ).group(1),
    }


def test_a_save_based_on_a_replaced_revision_is_refused(client, world, items):
    action = items["action"]
    client.force_login(world.moj_manager)
    page = client.get(url("action", "edit", action))
    stale = {
        **edit_data(client, "action", action),
        **loaded_revision(page.content.decode()),
    }

    # The contributor saves a draft in the meantime.
    client.force_login(world.police_contributor)
    theirs = {**edit_data(client, "action", action), "title": "Contributor's draft"}
    assert client.post(url("action", "edit", action), theirs).status_code == 302
    revisions = Revision.objects.for_instance(action).count()

    client.force_login(world.moj_manager)
    stale["title"] = "Manager's edit"
    response = client.post(url("action", "edit", action), stale)

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "police-contributor saved this action at" in m
        and "Your changes were not saved" in m
        for m in messages
    ), messages
    assert Revision.objects.for_instance(action).count() == revisions
    latest = type(action).objects.get(pk=action.pk).get_latest_revision_as_object()
    assert latest.title == "Contributor's draft"


def test_history_records_who_created_edited_submitted_approved_and_published(
    client, world, items
):
    action = items["action"]
    client.force_login(world.police_contributor)
    data = {**edit_data(client, "action", action), "title": "Reviewed title"}
    data["action-submit"] = "action-submit"
    assert client.post(url("action", "edit", action), data).status_code == 302

    action.refresh_from_db()
    task_state = action.current_workflow_state.current_task_state
    client.force_login(world.moj_manager)
    response = client.post(
        reverse(
            "wagtailsnippets_content_models_action:workflow_action",
            args=(action.pk, "approve", task_state.pk),
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == url("action", "edit", action)

    entries = list(
        ModelLogEntry.objects.filter(
            content_type__model="action", object_id=str(action.pk)
        )
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert ("wagtail.edit", "police-contributor") in entries
    assert ("wagtail.workflow.start", "police-contributor") in entries
    assert ("wagtail.workflow.approve", "moj-manager") in entries
    assert ("wagtail.publish", "moj-manager") in entries
    action.refresh_from_db()
    assert action.title == "Reviewed title"
    history = client.get(url("action", "history", action)).content.decode()
    assert "moj-manager" in history and "police-contributor" in history
