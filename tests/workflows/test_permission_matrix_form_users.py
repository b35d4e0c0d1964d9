"""The permission matrix, for people created in the admin's user form.

``test_permission_matrix.py`` gives its people their role and agency
directly. Here an administrator creates a twin of each through *Settings →
Users → Add a user* (Role and Agency fields, ``set_user_role``); each twin
must be allowed and refused exactly what the original is.
"""

import pytest
from django.contrib.auth import get_user_model

from workflows import roles

from .admin_helpers import assert_redirected_away, snapshot, url
from .test_permission_matrix import EDITORS, READERS

pytestmark = pytest.mark.django_db

TWINS = {
    "police_contributor": (roles.AGENCY_CONTRIBUTORS, "police"),
    "msd_contributor": (roles.AGENCY_CONTRIBUTORS, "msd"),
    "moj_manager": (roles.LEAD_AGENCY_MANAGERS, "moj"),
    "msd_manager": (roles.LEAD_AGENCY_MANAGERS, "msd"),
    "admin": (roles.ADMINISTRATORS, None),
}
MODELS = ["recommendation", "action", "indicator", "progressreport"]


def create_twin(client, world, role):
    """``role``'s twin, created by the administrator in the user form."""
    group, agency = TWINS[role]
    username = f"form-{role}"
    client.force_login(world.admin)
    response = client.post(
        "/admin/users/new/",
        {
            "username": username,
            "email": f"{username}@example.govt.nz",
            "first_name": "Form",
            "last_name": role,
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
            "role": group,
            "agency": getattr(world, agency).pk if agency else "",
        },
    )
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    client.logout()
    twin = get_user_model().objects.get(username=username)
    client.force_login(twin)
    return twin


@pytest.mark.parametrize("role", TWINS)
@pytest.mark.parametrize("model", MODELS)
def test_a_form_created_user_reads_what_their_twin_reads(
    client, world, items, model, role
):
    obj = items[model]
    create_twin(client, world, role)
    before = snapshot(obj)

    response = client.get(url(model, "history", obj))

    if role in READERS[model]:
        assert response.status_code == 200
    else:
        assert_redirected_away(response, role)
    assert snapshot(obj) == before


@pytest.mark.parametrize("role", TWINS)
@pytest.mark.parametrize("model", MODELS)
def test_a_form_created_user_edits_what_their_twin_edits(
    client, world, items, model, role
):
    obj = items[model]
    create_twin(client, world, role)

    response = client.get(url(model, "edit", obj))

    if role in EDITORS[model]:
        assert response.status_code == 200
    else:
        assert_redirected_away(response, role)


@pytest.mark.parametrize("role", TWINS)
def test_only_a_form_created_administrator_manages_users(client, world, role):
    create_twin(client, world, role)

    response = client.get("/admin/users/")

    if role == "admin":
        assert response.status_code == 200
    else:
        assert_redirected_away(response, role)
