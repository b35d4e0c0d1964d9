"""Sign-in tests post to Wagtail's real login form, from chosen addresses."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from workflows import roles

from ..factories import AgencyFactory, UserFactory

PASSWORD = "password"
WRONG = "not-the-password"


@pytest.fixture
def people(db):
    police = AgencyFactory(code="Police", name="New Zealand Police")

    def user(username, role, agencies=()):
        account = UserFactory(username=username)
        account.groups.add(Group.objects.get(name=role))
        for agency in agencies:
            agency.members.add(account)
        return account

    class People:
        admin = user("monitor-admin", roles.ADMINISTRATORS)
        alice = user("alice", roles.AGENCY_CONTRIBUTORS, [police])
        bob = user("bob", roles.AGENCY_CONTRIBUTORS, [police])

    return People


@pytest.fixture
def police(db):
    return AgencyFactory(code="Police", name="New Zealand Police")


@pytest.fixture
def moj(db):
    return AgencyFactory(code="MoJ", name="Ministry of Justice")


@pytest.fixture
def admin(db):
    """A Monitor administrator (no agency)."""
    user = UserFactory(username="monitor-admin")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


def sign_in(client, username, password, address="203.0.113.5", **headers):
    """POST Wagtail's login form as a browser at ``address`` would."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in_as(client):
    """The username the client's session is signed in as, or None."""
    from django.contrib.auth import get_user

    user = get_user(client)
    return user.get_username() if user.is_authenticated else None
