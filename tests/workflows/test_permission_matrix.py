"""Who may do what in the admin, per agency, checked over the real URLs.

Every refusal is checked twice: the response (the admin's redirect with a
permission message, 403 for XHR, login for anonymous) and the database (the
object and its revisions exactly as before). The documents' part of the
matrix is in ``test_permission_matrix_documents.py``.
"""

import pytest
from django.urls import reverse

from content_models.models import Action, ProgressReport

from ..factories import IndicatorFactory
from .admin_helpers import (
    ROLES,
    assert_forbidden,
    assert_redirected_away,
    edit_data,
    login,
    messages_of,
    snapshot,
    url,
)

pytestmark = pytest.mark.django_db

MODELS = ["recommendation", "action", "indicator", "progressreport"]

# (view, expected roles that may see it) for read-only views of one object.
# Recommendations are readable by every role; other items by their agency's
# contributors, every lead agency manager and administrators.
READ_VIEWS = ["history", "usage", "inspect"]
READERS = {
    "recommendation": {
        "police_contributor",
        "msd_contributor",
        "moj_manager",
        "msd_manager",
        "admin",
    },
    "action": {"police_contributor", "moj_manager", "msd_manager", "admin"},
    "indicator": {"police_contributor", "moj_manager", "msd_manager", "admin"},
    "progressreport": {"police_contributor", "moj_manager", "msd_manager", "admin"},
}
EDITORS = {
    "recommendation": {"police_contributor", "moj_manager", "admin"},
    "action": {"police_contributor", "moj_manager", "admin"},
    "indicator": {"police_contributor", "moj_manager", "admin"},
    "progressreport": {"police_contributor", "moj_manager", "admin"},
}
PUBLISHERS = {"moj_manager", "admin"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", READ_VIEWS)
def test_read_only_views(client, world, items, model, role, view):
    obj = items[model]
    login(client, world, role)
    before = snapshot(obj)
    response = client.get(url(model, view, obj))
    if role in READERS[model]:
        assert response.status_code == 200
    else:
        assert_redirected_away(response, role)
    assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_revisions_compare(client, world, items, model, role):
    obj = items[model]
    revision = obj.latest_revision
    login(client, world, role)
    response = client.get(url(model, "revisions_compare", obj, "live", revision.pk))
    if role in READERS[model]:
        assert response.status_code == 200
    else:
        assert_redirected_away(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_edit_page(client, world, items, model, role):
    obj = items[model]
    login(client, world, role)
    response = client.get(url(model, "edit", obj))
    if role in EDITORS[model]:
        assert response.status_code == 200
    else:
        assert_redirected_away(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_saving_a_draft(client, world, items, model, role):
    obj = items[model]
    client.force_login(world.admin)
    data = edit_data(client, model, obj)
    client.logout()
    title_field = "text" if model == "recommendation" else "title"
    data[title_field] = "Changed by " + role

    login(client, world, role)
    before = snapshot(obj)
    response = client.post(url(model, "edit", obj), data)
    after = type(obj).objects.get(pk=obj.pk)
    if role in EDITORS[model]:
        assert response.status_code == 302, (
            response.context and response.context["form"].errors
        )
        # A draft: the live row stays as it was, the new revision holds the edit.
        assert getattr(after, title_field) == getattr(obj, title_field)
        assert after.has_unpublished_changes is True
        latest = after.get_latest_revision_as_object()
        assert getattr(latest, title_field) == "Changed by " + role
    else:
        assert_redirected_away(response, role)
        assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_publishing_from_the_edit_form(client, world, items, model, role):
    obj = items[model]
    client.force_login(world.admin)
    data = edit_data(client, model, obj)
    client.logout()
    title_field = "text" if model == "recommendation" else "title"
    data[title_field] = "Published by " + role
    data["action-publish"] = "action-publish"

    login(client, world, role)
    before = snapshot(obj)
    response = client.post(url(model, "edit", obj), data)
    after = type(obj).objects.get(pk=obj.pk)
    if role in PUBLISHERS:
        assert response.status_code == 302
        assert response["Location"] == url(model, "list")
        assert getattr(after, title_field) == "Published by " + role
        assert after.has_unpublished_changes is False
    elif role in EDITORS[model]:
        # A forged publish from an editor who may not publish saves a draft.
        assert response.status_code == 302
        assert response["Location"] == url(model, "edit", obj)
        assert getattr(after, title_field) == getattr(obj, title_field)
        assert after.live is True
        assert after.has_unpublished_changes is True
        latest = after.get_latest_revision_as_object()
        assert getattr(latest, title_field) == "Published by " + role
    else:
        assert_redirected_away(response, role)
        assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_unpublish(client, world, items, model, role):
    obj = items[model]
    login(client, world, role)
    before = snapshot(obj)
    response = client.post(url(model, "unpublish", obj))
    after = type(obj).objects.get(pk=obj.pk)
    if role in PUBLISHERS:
        assert response.status_code == 302
        assert after.live is False
    else:
        assert_redirected_away(response, role)
        assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_delete(client, world, items, model, role):
    obj = items[model]
    if model == "action":
        obj = Action.objects.create(
            reference="ACT-LONE", title="Lone", lead_agency=world.police
        )
        obj.responsible_agencies.set([world.police])
        obj.recommendations.set([world.upr_recommendation])
        obj.save()
    login(client, world, role)
    before = snapshot(obj)
    response = client.post(url(model, "delete", obj))
    exists = type(obj).objects.filter(pk=obj.pk).exists()
    if role in PUBLISHERS:
        assert response.status_code == 302
        assert response["Location"] == url(model, "list")
        # A recommendation an action answers goes too: the action only loses
        # the link (a many-to-many relation protects nothing).
        assert exists is False
    else:
        assert_redirected_away(response, role)
        assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_lock(client, world, items, model, role):
    obj = items[model]
    login(client, world, role)
    before = snapshot(obj)
    response = client.post(url(model, "lock", obj))
    after = type(obj).objects.get(pk=obj.pk)
    if role in EDITORS[model]:
        assert response.status_code == 302
        assert after.locked is True
    else:
        assert_redirected_away(response, role)
        assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_unlock_someone_elses_lock(client, world, items, model, role):
    obj = items[model]
    type(obj).objects.filter(pk=obj.pk).update(locked=True, locked_by=world.superuser)
    login(client, world, role)
    before = snapshot(obj)
    response = client.post(url(model, "unlock", obj))
    after = type(obj).objects.get(pk=obj.pk)
    if role in PUBLISHERS:
        assert response.status_code == 302
        assert after.locked is False
    else:
        assert_redirected_away(response, role)
        assert snapshot(obj) == before


@pytest.mark.parametrize("role", ROLES)
def test_listing_shows_only_what_the_role_may_see(client, world, items, role):
    login(client, world, role)
    response = client.get(url("action", "list"))
    if role == "anonymous":
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert ("ACT-POL-1" in html) == (role in READERS["action"])
    assert ("ACT-MSD-1" in html) == (
        role in {"msd_contributor", "moj_manager", "msd_manager", "admin"}
    )


@pytest.mark.parametrize("role", ROLES)
def test_chooser_offers_only_what_the_role_may_attach_to(client, world, items, role):
    login(client, world, role)
    response = client.get(
        reverse("wagtailsnippetchoosers_content_models_action:choose")
    )
    if role == "anonymous":
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert ("ACT-POL-1" in html) == (role in EDITORS["action"])
    chosen_url = reverse(
        "wagtailsnippetchoosers_content_models_action:chosen",
        args=(world.police_action.pk,),
    )
    # The modal asks with XHR (a 403 when refused); a plain GET is refused
    # like any admin page.
    from_the_modal = client.get(chosen_url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    plain = client.get(chosen_url)
    if role in EDITORS["action"]:
        assert from_the_modal.status_code == 200
        assert from_the_modal.json()["result"]["id"] == str(world.police_action.pk)
        assert plain.status_code == 200
    else:
        assert_forbidden(from_the_modal)
        assert_redirected_away(plain, role)


def test_a_contributor_cannot_move_their_action_to_another_agency(client, world, items):
    action = items["action"]
    client.force_login(world.admin)
    data = edit_data(client, "action", action)
    client.logout()
    data["lead_agency"] = str(world.msd.pk)
    data["responsible_agencies"] = [str(world.msd.pk)]

    client.force_login(world.police_contributor)
    before = snapshot(action)
    response = client.post(url("action", "edit", action), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You can only save a action that belongs to your agency (Police): keep "
        "your agency responsible for it."
    ]
    assert snapshot(action) == before


def test_a_contributor_cannot_report_on_another_agencys_action(client, world, items):
    client.force_login(world.police_contributor)
    before = ProgressReport.objects.count()
    response = client.post(
        url("progressreport", "add"),
        {"action": str(world.msd_action.pk), "title": "Sneaky"},
    )
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
    assert ProgressReport.objects.count() == before


def test_a_contributor_cannot_set_smart_letters_or_the_status(client, world, items):
    action = items["action"]
    client.force_login(world.police_contributor)
    response = client.get(url("action", "edit", action))
    smart_fields = {"smart_met_s", "smart_reason_s", "smart_met_t", "smart_reason_t"}
    assert not smart_fields & set(response.context["form"].fields)
    assert "progress_status" not in response.context["form"].fields
    client.force_login(world.moj_manager)
    response = client.get(url("action", "edit", action))
    assert smart_fields <= set(response.context["form"].fields)
    assert "progress_status" in response.context["form"].fields


MSD_ACTION_READERS = {"msd_contributor", "moj_manager", "msd_manager", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_site_history_report_hides_other_agencies_titles(client, world, items, role):
    # Both actions have entries in the log: Police's from ``items``, MSD's here.
    world.msd_action.save_revision().publish()
    login(client, world, role)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    if role == "anonymous":
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert ("ACT-POL-1" in html) == (role in READERS["action"])
    assert ("ACT-MSD-1" in html) == (role in MSD_ACTION_READERS)
    assert "UPR-2024/122.1" in html  # every recommendation is readable


def bulk_delete_url(obj):
    path = reverse(
        "wagtail_bulk_action", args=("content_models", "indicator", "delete")
    )
    return f"{path}?id={obj.pk}"


@pytest.mark.parametrize("role", ROLES)
def test_bulk_delete_deletes_only_what_the_role_may_delete(client, world, items, role):
    indicator = items["indicator"]
    login(client, world, role)
    before = snapshot(indicator)
    response = client.post(bulk_delete_url(indicator))
    exists = type(indicator).objects.filter(pk=indicator.pk).exists()
    if role == "anonymous":
        assert_redirected_away(response, role)
        assert snapshot(indicator) == before
        return
    assert response.status_code == 302
    assert response["Location"] == bulk_delete_url(indicator).split("?")[0]
    if role in PUBLISHERS:
        assert exists is False
        assert messages_of(response)[-1] == f"Indicator '{indicator}' deleted."
        return
    # Wagtail skips what the user may not delete, and says so when asked.
    assert messages_of(response)[-1] == "0 Indicators deleted."
    assert snapshot(indicator) == before
    confirm = client.get(bulk_delete_url(indicator))
    assert confirm.context["items"] == []
    assert confirm.context["items_with_no_access"] == [indicator]
    if role == "msd_manager":
        # Positive control: the same manager deletes an indicator of MSD's.
        own = IndicatorFactory(action=world.msd_action, reference="IND-MSD")
        assert client.post(bulk_delete_url(own)).status_code == 302
        assert not type(own).objects.filter(pk=own.pk).exists()


def test_listing_export_carries_the_listing_filters(client, world, items):
    client.force_login(world.moj_manager)
    response = client.get(url("action", "list") + "?q=ACT-POL")
    html = response.content.decode()
    assert "/admin/imports/export/actions/?q=ACT-POL&amp;format=csv" in html
    export = client.get("/admin/imports/export/actions/?q=ACT-POL&format=csv")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content if export.streaming else [export.content])
    lines = rows.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("reference,title")
    assert [line.split(",")[0] for line in lines[1:]] == ["ACT-POL-1"]
