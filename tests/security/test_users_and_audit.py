"""Users by role and agency, and the audit trail of sign-in.

``set_user_role`` is the one place that sets a role (a group) and an agency
(``Agency.members``); the admin's user form calls it. Sign-ins, failures and
role changes are Wagtail log entries ``monitor.auth.*``, read by Monitor
administrators on *Settings → Audit trail* and as CSV.
"""

import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from content_models.models import Agency
from workflows import roles
from workflows.actions.users import (
    ROLE_CHANGED,
    agency_of,
    has_history,
    role_of,
    set_user_role,
)

from ..factories import RecommendationFactory, UserFactory
from ..workflows.admin_helpers import DENIED, messages_of
from .conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

User = get_user_model()
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
USERS = "/admin/users/"
AUDIT = "/admin/audit-trail/"
AUDIT_CSV = "/admin/audit-trail/export.csv"


def state(user):
    """What a role change could touch, read fresh from the database."""
    user = User.objects.get(pk=user.pk)
    return (
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.agencies.values_list("code", flat=True)),
        ModelLogEntry.objects.filter(action=ROLE_CHANGED).count(),
    )


# --- set_user_role -------------------------------------------------------------


def test_a_role_change_is_logged_once_with_old_and_new(police, moj, admin):
    user = UserFactory(username="carol")
    other = Group.objects.create(name="Newsletter")
    user.groups.add(other)

    assert set_user_role(
        user, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin
    )
    assert set_user_role(
        user, role=roles.LEAD_AGENCY_MANAGERS, agency=moj, actor=None, source="sso"
    )

    assert state(user) == (
        ["Lead agency managers", "Newsletter"],  # other groups are kept
        ["MoJ"],
        2,
    )
    first, second = ModelLogEntry.objects.filter(action=ROLE_CHANGED).order_by("pk")
    assert (first.user, first.object_id, first.label) == (admin, str(user.pk), "carol")
    assert first.data == {
        "old": {"role": "", "agency": "", "agency_id": None},
        "new": {
            "role": "Agency contributors",
            "agency": "Police",
            "agency_id": police.pk,
        },
        "source": "admin",
    }
    assert second.user is None
    assert second.data == {
        "old": {
            "role": "Agency contributors",
            "agency": "Police",
            "agency_id": police.pk,
        },
        "new": {"role": "Lead agency managers", "agency": "MoJ", "agency_id": moj.pk},
        "source": "sso",
    }
    assert (role_of(user), agency_of(user)) == (roles.LEAD_AGENCY_MANAGERS, moj)


def test_an_unchanged_role_is_not_logged(police, admin):
    user = UserFactory(username="carol")
    set_user_role(user, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)
    before = state(user)

    changed = set_user_role(
        user, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin
    )

    assert changed is False
    assert state(user) == before == (["Agency contributors"], ["Police"], 1)


@pytest.mark.parametrize(
    "role, agency, field, message",
    [
        (
            roles.AGENCY_CONTRIBUTORS,
            None,
            "agency",
            "Agency contributors work for an agency: choose it.",
        ),
        (
            roles.LEAD_AGENCY_MANAGERS,
            None,
            "agency",
            "Lead agency managers work for an agency: choose it.",
        ),
        (
            roles.ADMINISTRATORS,
            "police",
            "agency",
            "Monitor administrators work for no agency: leave it empty.",
        ),
        (
            None,
            "police",
            "agency",
            "A person without a role works for no agency: leave it empty.",
        ),
        ("Editors", None, "role", "Unknown role: Editors."),
    ],
)
def test_a_bad_combination_is_refused_and_nothing_changes(
    police, moj, admin, role, agency, field, message
):
    user = UserFactory(username="carol")
    set_user_role(user, role=roles.LEAD_AGENCY_MANAGERS, agency=moj, actor=admin)
    before = state(user)

    with pytest.raises(ValidationError) as refused:
        set_user_role(user, role=role, agency=police if agency else None, actor=admin)

    assert refused.value.message_dict == {field: [message]}
    assert state(user) == before == (["Lead agency managers"], ["MoJ"], 1)


def test_an_administrator_has_no_agency(police, admin):
    user = UserFactory(username="carol")
    set_user_role(user, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)

    set_user_role(user, role=roles.ADMINISTRATORS, agency=None, actor=admin)

    assert state(user) == (["Monitor administrators"], [], 2)


# --- The user form -----------------------------------------------------------------


def form_data(**overrides):
    data = {
        "username": "dana",
        "email": "dana@police.govt.nz",
        "first_name": "Dana",
        "last_name": "Ngata",
        "password1": "a-long-pass-phrase-7",
        "password2": "a-long-pass-phrase-7",
        "role": roles.AGENCY_CONTRIBUTORS,
        "agency": "",
    }
    data.update(overrides)
    return data


def test_the_form_creates_a_user_with_role_and_agency(client, admin, police):
    client.force_login(admin)
    page = client.get(USERS + "new/")
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {
        "username",
        "email",
        "first_name",
        "last_name",
        "password1",
        "password2",
        "role",
        "agency",
    }  # no groups, and no superuser box for a Monitor administrator

    response = client.post(USERS + "new/", form_data(agency=police.pk))

    assert response.status_code == 302
    dana = User.objects.get(username="dana")
    assert state(dana) == (["Agency contributors"], ["Police"], 1)
    entry = ModelLogEntry.objects.get(action=ROLE_CHANGED)
    assert (entry.user, entry.data["source"]) == (admin, "admin")
    assert dana.check_password("a-long-pass-phrase-7")


def test_the_form_refuses_a_contributor_without_agency(client, admin):
    client.force_login(admin)
    users_before = User.objects.count()

    response = client.post(USERS + "new/", form_data(agency=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "agency": ["Agency contributors work for an agency: choose it."]
    }
    assert User.objects.count() == users_before
    assert ModelLogEntry.objects.filter(action=ROLE_CHANGED).count() == 0


def test_the_edit_form_changes_role_and_agency_and_logs_once(
    client, admin, police, moj
):
    dana = UserFactory(username="dana", first_name="Dana", last_name="Ngata")
    set_user_role(dana, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)
    client.force_login(admin)
    page = client.get(f"{USERS}edit/{dana.pk}/")
    assert page.context["form"].initial["role"] == roles.AGENCY_CONTRIBUTORS
    assert page.context["form"].initial["agency"] == police.pk
    data = form_data(
        role=roles.LEAD_AGENCY_MANAGERS,
        agency=moj.pk,
        password1="",
        password2="",
        is_active="on",
    )

    response = client.post(f"{USERS}edit/{dana.pk}/", data)
    assert response.status_code == 302
    assert state(dana) == (["Lead agency managers"], ["MoJ"], 2)

    # Saving again without a change logs nothing more.
    assert client.post(f"{USERS}edit/{dana.pk}/", data).status_code == 302
    assert state(dana) == (["Lead agency managers"], ["MoJ"], 2)


def test_the_user_listing_shows_and_filters_role_and_agency(client, admin, police):
    dana = UserFactory(username="dana")
    set_user_role(dana, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)
    UserFactory(username="erin")
    client.force_login(admin)

    listing = client.get(USERS, {"agency": police.pk})
    by_role = client.get(USERS, {"role": roles.ADMINISTRATORS})

    assert [user.username for user in listing.context["object_list"]] == ["dana"]
    labels = [str(column.label) for column in listing.context["table"].columns.values()]
    assert labels[3:5] == ["Role", "Agency"]
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", listing.text)
    assert ["Agency contributors", "Police"] == cells[cells.index("dana") + 1 :][:2]
    assert [user.username for user in by_role.context["object_list"]] == [
        "monitor-admin"
    ]


def test_the_agency_form_lists_members_but_does_not_change_them(client, admin, police):
    dana = UserFactory(username="dana", first_name="Dana", last_name="Ngata")
    set_user_role(dana, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)
    client.force_login(admin)
    edit = f"/admin/snippets/content_models/agency/edit/{police.pk}/"

    page = client.get(edit)
    assert "members" not in page.context["form"].fields
    assert f'href="/admin/users/edit/{dana.pk}/"' in page.text

    response = client.post(
        edit,
        {"code": "Police", "name": "NZ Police", "email": "", "members": [admin.pk]},
    )
    assert response.status_code == 302
    assert Agency.objects.get(pk=police.pk).name == "NZ Police"
    assert list(police.members.values_list("username", flat=True)) == ["dana"]


# --- Deactivating and deleting ------------------------------------------------------


def test_deactivating_keeps_the_history(client, admin, police):
    dana = UserFactory(username="dana", first_name="Dana", last_name="Ngata")
    set_user_role(dana, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)
    recommendation = RecommendationFactory()
    revision = recommendation.save_revision(user=dana, log_action=True)
    client.force_login(admin)

    response = client.post(
        f"{USERS}edit/{dana.pk}/",
        form_data(agency=police.pk, password1="", password2=""),  # "Active" unticked
    )

    assert response.status_code == 302
    dana.refresh_from_db()
    assert dana.is_active is False
    revision.refresh_from_db()
    assert revision.user == dana
    assert ModelLogEntry.objects.filter(user=dana, action="wagtail.edit").count() == 1
    assert list(police.members.all()) == [dana]  # role and agency stay, unused
    assert roles.is_agency_contributor(User.objects.get(pk=dana.pk)) is False


def test_deleting_a_user_with_history_is_refused(client, admin):
    dana = UserFactory(username="dana")
    RecommendationFactory().save_revision(user=dana, log_action=True)
    client.force_login(admin)

    page = client.get(f"{USERS}delete/{dana.pk}/")
    response = client.post(f"{USERS}delete/{dana.pk}/")

    for answer in (page, response):
        assert answer.status_code == 302
        assert answer["Location"] == f"/admin/users/edit/{dana.pk}/"
    assert messages_of(response)[-1] == (
        "dana cannot be deleted: the Monitor's records name them (sign-ins, edits, "
        "revisions or log entries). Deactivate the account instead: untick "
        "“Active” on its edit page. Their history stays attributed to them."
    )
    assert User.objects.filter(pk=dana.pk).exists()


def test_a_user_who_only_signed_in_has_history(client, people):
    assert has_history(people.bob) is False
    sign_in(client, "bob", PASSWORD)
    assert has_history(people.bob) is True


def test_a_user_without_history_can_be_deleted(client, admin, police):
    dana = UserFactory(username="dana")
    set_user_role(dana, role=roles.AGENCY_CONTRIBUTORS, agency=police, actor=admin)
    assert has_history(dana) is False
    client.force_login(admin)

    response = client.post(f"{USERS}delete/{dana.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/users/"
    assert not User.objects.filter(pk=dana.pk).exists()


def test_bulk_delete_leaves_out_users_with_history(client, admin):
    dana = UserFactory(username="dana")
    RecommendationFactory().save_revision(user=dana, log_action=True)
    erin = UserFactory(username="erin")
    client.force_login(admin)
    url = "/admin/bulk/auth/user/delete/"
    query = f"?next=/admin/users/&id={dana.pk}&id={erin.pk}"

    response = client.post(url + query)

    assert response.status_code == 302
    assert list(User.objects.filter(username__in=["dana", "erin"])) == [dana]


def test_bulk_role_goes_through_set_user_role(client, admin, police):
    dana = UserFactory(username="dana")
    erin = UserFactory(username="erin")
    client.force_login(admin)
    url = "/admin/bulk/auth/user/assign_role/"
    query = f"?next=/admin/users/&id={dana.pk}&id={erin.pk}"

    refused = client.post(url + query, {"role": roles.LEAD_AGENCY_MANAGERS})
    assert refused.status_code == 200
    assert state(dana)[2] == 0

    response = client.post(
        url + query, {"role": roles.LEAD_AGENCY_MANAGERS, "agency": police.pk}
    )

    assert response.status_code == 302
    assert state(dana) == (["Lead agency managers"], ["Police"], 2)
    assert state(erin) == (["Lead agency managers"], ["Police"], 2)


def test_users_are_not_copied(client, admin, police):
    """Wagtail's copy view would save over the original account."""
    dana = UserFactory(username="dana", first_name="Dana", last_name="Ngata")
    client.force_login(admin)

    listing = client.get(USERS)
    response = client.post(
        f"{USERS}copy/{dana.pk}/",
        form_data(username="dana2", email="dana2@police.govt.nz", agency=police.pk),
    )

    assert f"/admin/users/copy/{dana.pk}/" not in listing.text
    assert response.status_code == 404
    assert list(
        User.objects.order_by("username").values_list("username", flat=True)
    ) == [
        "dana",
        "monitor-admin",
    ]


def test_only_a_superuser_edits_a_superuser(client, admin):
    root = UserFactory(username="root", is_superuser=True)
    before = User.objects.filter(pk=root.pk).values().get()
    client.force_login(admin)

    page = client.get(f"{USERS}edit/{root.pk}/")
    post = client.post(
        f"{USERS}edit/{root.pk}/",
        form_data(
            username="root", password1="taken-over-77", password2="taken-over-77"
        ),
    )

    for refused in (page, post):
        assert refused.status_code == 302
        assert refused["Location"] == "/admin/"
    assert messages_of(post)[-1] == DENIED
    assert User.objects.filter(pk=root.pk).values().get() == before

    client.force_login(UserFactory(username="other-root", is_superuser=True))
    page = client.get(f"{USERS}edit/{root.pk}/")
    assert page.status_code == 200
    assert "is_superuser" in page.context["form"].fields
