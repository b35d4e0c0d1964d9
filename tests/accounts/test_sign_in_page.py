"""Wagtail's sign-in page: the organisation's button, its CSP, password
sign-in turned off, and the break-glass sign-in link."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user
from django.core.management import CommandError, call_command
from django.urls import reverse

from ..factories import UserFactory
from .support import provider_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
BUTTON = "Sign in with your Ministry of Justice account"


@pytest.fixture
def configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(
        "https://login.example.govt.nz/tenant/v2.0"
    )


def form_action(response):
    policy = response["Content-Security-Policy"]
    return re.search(r"form-action ([^;]+)", policy).group(1).split()


def test_without_configuration_there_is_no_button_and_no_provider_in_the_csp(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Sign in with your" not in response.content.decode()
    assert form_action(response) == ["'self'"]


def test_the_button_and_the_provider_in_form_action(client, configured):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert BUTTON in page
    assert 'action="/accounts/oidc/organisation/login/"' in page
    assert form_action(response) == ["'self'", "https://login.example.govt.nz"]
    # The public site's policy does not name the provider.
    explorer = client.get("/")
    assert form_action(explorer) == ["'self'"]


def test_password_sign_in_turned_off_refuses_the_right_password(
    client, configured, settings
):
    UserFactory(username="editor")
    settings.MONITOR_PASSWORD_LOGIN = False
    page = client.get(LOGIN).content.decode()
    assert BUTTON in page
    assert 'name="password"' not in page
    assert "Forgotten password?" not in page

    response = client.post(
        LOGIN, {"username": "editor", "password": "password", "next": "/admin/"}
    )

    assert response.status_code == 403
    assert "Sign-in with a password is turned off" in response.content.decode()
    assert BUTTON in response.content.decode()
    assert not get_user(client).is_authenticated
    # Positive control: with password sign-in on, the same form signs in.
    settings.MONITOR_PASSWORD_LOGIN = True
    response = client.post(
        LOGIN, {"username": "editor", "password": "password", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert get_user(client).is_authenticated


def signin_link(username):
    out, err = StringIO(), StringIO()
    call_command("signin_link", username, stdout=out, stderr=err)
    assert err.getvalue().strip() == "Works once, for 10 minutes."
    return out.getvalue().strip()


def test_the_break_glass_link_signs_a_superuser_in_once(client, settings):
    settings.MONITOR_PASSWORD_LOGIN = False
    UserFactory(username="root", is_superuser=True)
    link = signin_link("root")
    assert link.startswith("http://testserver/accounts/signin-link/")
    path = link.removeprefix("http://testserver")

    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert get_user(client).get_username() == "root"
    assert client.get("/admin/").status_code == 200

    client.logout()
    response = client.get(path, follow=True)
    assert "expired or was already used" in response.content.decode()
    assert not get_user(client).is_authenticated


def test_the_break_glass_link_expires(client):
    UserFactory(username="root", is_superuser=True)
    start = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        link = signin_link("root")
    path = link.removeprefix("http://testserver")
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not get_user(client).is_authenticated
    with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
        response = client.get(path)
    assert response["Location"] == reverse("wagtailadmin_home")
    assert get_user(client).is_authenticated


@pytest.mark.parametrize(
    "username, message",
    [("nobody", "No user 'nobody'."), ("editor", "is not an active superuser")],
)
def test_the_break_glass_link_is_only_for_superusers(username, message):
    UserFactory(username="editor")
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("signin_link", username, stdout=StringIO())


def test_a_misspelt_required_role_stops_the_checks(settings):
    from cms.accounts.checks import required_roles_exist

    settings.MONITOR_MFA_REQUIRED_ROLES = ["Monitor administrators", "Managers"]
    errors = required_roles_exist(None)
    assert [error.msg for error in errors] == [
        "MFA_REQUIRED_ROLES: no role named 'Managers'"
    ]
    settings.MONITOR_MFA_REQUIRED_ROLES = ["Monitor administrators"]
    assert required_roles_exist(None) == []


def test_the_default_button_names_the_organisation(client, settings):
    providers = provider_settings("https://login.example.govt.nz/tenant/v2.0")
    providers["openid_connect"]["APPS"][0]["name"] = "organisation"
    settings.SOCIALACCOUNT_PROVIDERS = providers
    page = client.get(LOGIN).content.decode()
    assert "Sign in with your organisation account" in page


def test_a_tampered_break_glass_link_is_refused(client):
    UserFactory(username="root", is_superuser=True)
    path = signin_link("root").removeprefix("http://testserver")
    response = client.get(
        path[:-3] + ("abc" if not path.endswith("abc/") else "xyz") + "/"
    )
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not get_user(client).is_authenticated


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/signup/",
        "/accounts/3rdparty/signup/",
        "/accounts/password/change/",
        "/accounts/password/set/",
        "/accounts/password/reset/",
        "/accounts/email/",
        "/accounts/login/code/confirm/",
        "/accounts/3rdparty/",
        "/accounts/social/connections/",
    ],
)
def test_allauths_account_pages_are_not_offered(client, path):
    client.force_login(UserFactory(username="editor"))
    assert client.get(path).status_code == 404


def test_allauths_sign_in_page_leads_to_wagtails(client):
    response = client.get("/accounts/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/pages/"
