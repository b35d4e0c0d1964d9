"""Organisation sign-in against a real OpenID Connect provider (django-oauth-
toolkit on the live server): accounts, roles and agencies from directory
groups, refusals."""

import html

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from cms.accounts.adapter import FAILED, NOT_MAPPED
from workflows import roles

from .provider import DIRECTORY
from .support import (
    directory_person,
    monitor_user,
    role_and_agencies,
    sign_in,
    tampered,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

User = get_user_model()


def assert_refused(sso, session, response, message):
    """Sent back to the sign-in page with ``message``, and not signed in."""
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/"
    page = session.get(sso.monitor + "/admin/login/")
    assert page.status_code == 200
    assert message in html.unescape(page.text)
    admin = session.get(sso.monitor + "/admin/", allow_redirects=False)
    assert admin.status_code == 302
    assert admin.headers["Location"].startswith("/admin/login/")


def assert_signed_in(sso, session, response):
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    dashboard = session.get(f"{sso.monitor}/admin/", allow_redirects=False)
    assert dashboard.status_code == 200


def test_first_sign_in_creates_the_user_with_the_mapped_role_and_agency(sso):
    alice = directory_person("alice", ["Everyone", "HRM-MoJ-Managers"])
    users_before = User.objects.count()

    session, response = sign_in(sso, alice)

    assert_signed_in(sso, session, response)
    user = monitor_user(alice)
    assert User.objects.count() == users_before + 1
    assert user.username == "alice"
    assert (user.first_name, user.last_name, user.email) == (
        "Alice",
        "Directory",
        "alice@justice.govt.nz",
    )
    assert not user.has_usable_password()
    assert role_and_agencies(user) == ([roles.LEAD_AGENCY_MANAGERS], ["MoJ"])


def test_a_changed_group_changes_the_role_at_the_next_sign_in(sso):
    bob = directory_person("bob", ["HRM-Police-Contributors"])
    session, response = sign_in(sso, bob)
    assert_signed_in(sso, session, response)
    user = monitor_user(bob)
    assert role_and_agencies(user) == ([roles.AGENCY_CONTRIBUTORS], ["Police"])
    users_before = User.objects.count()

    DIRECTORY[bob.username] = ["HRM-MoJ-Managers"]
    session, response = sign_in(sso, bob)

    assert_signed_in(sso, session, response)
    assert monitor_user(bob) == user
    assert User.objects.count() == users_before
    assert role_and_agencies(user) == ([roles.LEAD_AGENCY_MANAGERS], ["MoJ"])

    # The strongest of several mapped groups decides.
    DIRECTORY[bob.username] = ["HRM-Police-Contributors", "HRM-Administrators"]
    session, response = sign_in(sso, bob)
    assert_signed_in(sso, session, response)
    assert role_and_agencies(user) == ([roles.ADMINISTRATORS], [])


def test_leaving_every_mapped_group_removes_the_role_and_refuses(sso):
    carol = directory_person("carol", ["HRM-Police-Contributors"])
    session, response = sign_in(sso, carol)
    assert_signed_in(sso, session, response)
    user = monitor_user(carol)

    DIRECTORY[carol.username] = ["Everyone"]
    session, response = sign_in(sso, carol)

    assert_refused(sso, session, response, NOT_MAPPED)
    assert role_and_agencies(user) == ([], [])
    user.refresh_from_db()
    assert user.is_active  # kept, with its history; only the rights went


def test_someone_in_no_mapped_group_is_refused_and_no_user_is_created(sso):
    dave = directory_person("dave", ["Everyone", "HRM-Somebody-Else"])
    users_before = set(User.objects.values_list("pk", flat=True))

    session, response = sign_in(sso, dave)

    assert_refused(sso, session, response, NOT_MAPPED)
    assert set(User.objects.values_list("pk", flat=True)) == users_before
    assert SocialAccount.objects.count() == 0
    # Positive control: once the group is mapped, the same person gets in.
    DIRECTORY[dave.username] = ["HRM-Police-Contributors"]
    session, response = sign_in(sso, dave)
    assert_signed_in(sso, session, response)
    assert role_and_agencies(monitor_user(dave)) == (
        [roles.AGENCY_CONTRIBUTORS],
        ["Police"],
    )


@pytest.mark.parametrize("field", ["code", "state"])
def test_a_tampered_callback_is_refused(sso, field):
    erin = directory_person("erin", ["HRM-MoJ-Managers"])
    users_before = User.objects.count()

    def tamper(url):
        from urllib.parse import parse_qs, urlsplit

        value = parse_qs(urlsplit(url).query)[field][0]
        return tampered(
            url, **{field: value[:-2] + ("AA" if value[-2:] != "AA" else "BB")}
        )

    session, response = sign_in(sso, erin, change_callback=tamper)

    assert_refused(sso, session, response, FAILED)
    assert User.objects.count() == users_before
    assert SocialAccount.objects.count() == 0
    # Positive control: the same sign-in, untouched, works.
    session, response = sign_in(sso, erin)
    assert_signed_in(sso, session, response)


def test_an_expired_id_token_is_refused(sso, settings):
    frank = directory_person("frank", ["HRM-MoJ-Managers"])
    users_before = User.objects.count()
    provider_settings = settings.OAUTH2_PROVIDER
    settings.OAUTH2_PROVIDER = {**provider_settings, "ID_TOKEN_EXPIRE_SECONDS": -120}

    session, response = sign_in(sso, frank)

    assert_refused(sso, session, response, FAILED)
    assert User.objects.count() == users_before
    settings.OAUTH2_PROVIDER = provider_settings
    session, response = sign_in(sso, frank)
    assert_signed_in(sso, session, response)


def test_with_password_sign_in_off_the_organisation_sign_in_still_works(sso, settings):
    settings.MONITOR_PASSWORD_LOGIN = False
    grace = directory_person("grace", ["HRM-MoJ-Managers"])

    session, response = sign_in(sso, grace)

    assert_signed_in(sso, session, response)
    assert role_and_agencies(monitor_user(grace)) == (
        [roles.LEAD_AGENCY_MANAGERS],
        ["MoJ"],
    )
