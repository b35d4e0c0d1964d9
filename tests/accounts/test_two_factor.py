"""Two-factor sign-in (allauth's TOTP and recovery codes) for local accounts."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import get_user
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import ModelLogEntry

from workflows import roles
from workflows.actions.two_factor import ENROLLED, RESET

from ..factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "password"
ENROL_URL = "/accounts/2fa/totp/activate/"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"


def code(secret, offset=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def wrong(secret):
    right = code(secret)
    return f"{(int(right) + 1) % 1_000_000:06d}"


@pytest.fixture(autouse=True)
def fresh_counts():
    """allauth keeps its rate limits and used codes in the default cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def required(settings):
    settings.MONITOR_MFA_REQUIRED_ROLES = [
        roles.ADMINISTRATORS,
        roles.LEAD_AGENCY_MANAGERS,
    ]


def person(username, role, agency=None):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    if agency:
        agency.members.add(user)
    return user


@pytest.fixture
def moj(db):
    return AgencyFactory(code="MoJ", name="Ministry of Justice")


def enrolled(user):
    """``user`` with an authenticator app; returns its secret and recovery codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes


def sign_in(client, username):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.9",
    )


def signed_in(client):
    return get_user(client).is_authenticated


def test_a_required_role_cannot_reach_the_admin_before_enrolling(
    client, required, moj, django_capture_on_commit_callbacks
):
    manager = person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    response = sign_in(client, "manager")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    for path in ("/admin/", "/admin/pages/", "/admin/reports/site-history/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ENROL_URL
    # A script's request is refused, not redirected; the icons stay open.
    assert client.get("/admin/", HTTP_SEC_FETCH_MODE="cors").status_code == 403
    assert client.get("/admin/sprite/").status_code == 200

    # Setting up a second factor asks for the password again (allauth's
    # reauthentication), then shows the QR code and the secret.
    response = client.get(ENROL_URL)
    assert response.status_code == 302
    assert response[
        "Location"
    ] == "/accounts/reauthenticate/?next=" + ENROL_URL.replace("/", "%2F")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ENROL_URL
    page = client.get(ENROL_URL)
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert not ModelLogEntry.objects.filter(action=ENROLLED).exists()
    refused = client.post(ENROL_URL, {"code": wrong(secret)})
    assert refused.status_code == 200
    assert not Authenticator.objects.filter(user=manager).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL_URL, {"code": code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=manager, type=Authenticator.Type.TOTP
    ).exists()
    entry = ModelLogEntry.objects.get(action=ENROLLED)
    assert (entry.user_id, entry.object_id) == (manager.pk, str(manager.pk))
    assert client.get("/admin/").status_code == 200


def test_a_role_not_required_reaches_the_admin_without_enrolling(client, required, moj):
    person("contributor", roles.AGENCY_CONTRIBUTORS, moj)
    sign_in(client, "contributor")
    assert client.get("/admin/").status_code == 200


def test_no_role_is_required_in_the_test_settings(client, moj):
    person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    sign_in(client, "manager")
    assert client.get("/admin/").status_code == 200


def test_an_enrolled_user_gives_a_code_after_the_password(client, required, moj):
    manager = person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    secret, _ = enrolled(manager)

    response = sign_in(client, "manager")

    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE_URL
    assert not signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    response = client.post(AUTHENTICATE_URL, {"code": code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_throttled(client, required, moj):
    manager = person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    secret, _ = enrolled(manager)
    sign_in(client, "manager")

    for _attempt in range(5):
        response = client.post(AUTHENTICATE_URL, {"code": wrong(secret)})
        assert response.status_code == 200
        assert "Incorrect code." in response.content.decode()
        assert not signed_in(client)

    # The sixth try is refused whatever the code, the right one included.
    response = client.post(AUTHENTICATE_URL, {"code": code(secret)})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not signed_in(client)


def test_the_right_code_after_a_wrong_one_signs_in(client, required, moj):
    manager = person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    secret, _ = enrolled(manager)
    sign_in(client, "manager")
    client.post(AUTHENTICATE_URL, {"code": wrong(secret)})
    response = client.post(AUTHENTICATE_URL, {"code": code(secret)})
    assert response.status_code == 302
    assert signed_in(client)


def test_a_recovery_code_works_once(client, required, moj):
    manager = person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    _, codes = enrolled(manager)

    sign_in(client, "manager")
    response = client.post(AUTHENTICATE_URL, {"code": codes[0]})
    assert response.status_code == 302
    assert signed_in(client)

    client.logout()
    sign_in(client, "manager")
    response = client.post(AUTHENTICATE_URL, {"code": codes[0]})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not signed_in(client)
    response = client.post(AUTHENTICATE_URL, {"code": codes[1]})
    assert response.status_code == 302
    assert signed_in(client)


def test_an_administrator_resets_a_lost_device(client, moj):
    admin = person("admin", roles.ADMINISTRATORS)
    manager = person("manager", roles.LEAD_AGENCY_MANAGERS, moj)
    enrolled(manager)
    url = reverse("monitor_reset_two_factor", args=[manager.pk])

    # Refused to someone else: nothing changes, nothing logged.
    contributor = person("contributor", roles.AGENCY_CONTRIBUTORS, moj)
    client.force_login(contributor)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert Authenticator.objects.filter(user=manager).count() == 2
    assert not ModelLogEntry.objects.filter(action=RESET).exists()

    client.force_login(admin)
    listing = client.get(reverse("wagtailusers_users:index"))
    assert url in listing.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=manager).exists()
    entry = ModelLogEntry.objects.get(action=RESET)
    assert (entry.user_id, entry.object_id) == (admin.pk, str(manager.pk))
    assert entry.data == {"removed": 2}
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert "Two-factor sign-in reset by an administrator" in history.content.decode()
