"""Settings → Directory groups: Monitor administrators map groups to roles."""

import pytest
from django.contrib.auth.models import Group

from cms.accounts.models import DirectoryGroup
from workflows import roles

from ..factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/monitor_accounts/directorygroup/"
CREATE = INDEX + "create/"


def person(username, role):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_an_administrator_maps_a_group(client):
    moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    client.force_login(person("admin", roles.ADMINISTRATORS))
    assert client.get(INDEX).status_code == 200

    response = client.post(
        CREATE,
        {
            "name": "HRM-MoJ-Managers",
            "role": roles.LEAD_AGENCY_MANAGERS,
            "agency": moj.pk,
        },
    )

    assert response.status_code == 302
    mapping = DirectoryGroup.objects.get()
    assert (mapping.name, mapping.role, mapping.agency) == (
        "HRM-MoJ-Managers",
        roles.LEAD_AGENCY_MANAGERS,
        moj,
    )
    listing = client.get(INDEX).content.decode()
    assert "HRM-MoJ-Managers" in listing
    assert "Ministry of Justice" in listing


def test_a_managers_group_needs_an_agency(client):
    client.force_login(person("admin", roles.ADMINISTRATORS))
    response = client.post(
        CREATE, {"name": "HRM-Managers", "role": roles.LEAD_AGENCY_MANAGERS}
    )
    assert response.status_code == 200
    assert (
        "Choose the agency whose staff this group holds." in response.content.decode()
    )
    assert not DirectoryGroup.objects.exists()


@pytest.mark.parametrize(
    "role", [roles.LEAD_AGENCY_MANAGERS, roles.AGENCY_CONTRIBUTORS]
)
def test_other_roles_cannot_see_or_change_the_mapping(client, role):
    client.force_login(person("someone", role))
    assert client.get(INDEX).status_code == 302
    response = client.post(
        CREATE, {"name": "HRM-Administrators", "role": roles.ADMINISTRATORS}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not DirectoryGroup.objects.exists()


def test_the_account_page_leads_to_two_factor_sign_in(client):
    client.force_login(person("someone", roles.AGENCY_CONTRIBUTORS))
    account = client.get("/admin/account/").content.decode()
    assert 'href="/accounts/2fa/"' in account
    assert "Two-factor sign-in" in account
    assert client.get("/accounts/2fa/").status_code == 200
