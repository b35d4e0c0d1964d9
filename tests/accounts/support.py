"""Signing in through the test provider, as a browser would, over HTTP.

The Monitor is the live server at ``http://localhost:PORT``; the provider is
the same server reached as ``http://127.0.0.1:PORT/o`` - another host, so the
two keep separate session cookies, as two sites would.
"""

import re
import types
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from oauth2_provider.models import Application

from cms.accounts.models import DirectoryGroup
from workflows import roles

from ..factories import AgencyFactory, UserFactory
from .provider import DIRECTORY

CLIENT_ID = "human-rights-monitor"
CLIENT_SECRET = "a-long-client-secret-for-the-tests-only"
CALLBACK = "/accounts/oidc/organisation/login/callback/"


def provider_settings(server_url):
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "organisation",
                    "name": "Ministry of Justice",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": server_url, "oauth_pkce_enabled": True},
                }
            ],
            "SCOPE": ["openid", "profile", "email"],
        }
    }


def make_sso(live_server, settings):
    """Configure the Monitor and the provider on ``live_server``."""
    monitor = live_server.url
    port = urlsplit(monitor).port
    provider = f"http://127.0.0.1:{port}"
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.ROOT_URLCONF = "tests.accounts.urls"
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(f"{provider}/o")
    settings.WAGTAILADMIN_BASE_URL = monitor
    Application.objects.create(
        name="Human Rights Monitor",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=monitor + CALLBACK,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    DIRECTORY.clear()
    sso = types.SimpleNamespace(monitor=monitor, provider=provider)
    sso.moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    sso.police = AgencyFactory(code="Police", name="New Zealand Police")
    DirectoryGroup.objects.create(
        name="HRM-MoJ-Managers", role=roles.LEAD_AGENCY_MANAGERS, agency=sso.moj
    )
    DirectoryGroup.objects.create(
        name="HRM-Police-Contributors",
        role=roles.AGENCY_CONTRIBUTORS,
        agency=sso.police,
    )
    DirectoryGroup.objects.create(name="HRM-Administrators", role=roles.ADMINISTRATORS)
    return sso


def directory_person(name, groups):
    """Someone in the organisation's directory, in ``groups``."""
    person = UserFactory(
        username=f"directory-{name}",
        first_name=name.capitalize(),
        last_name="Directory",
        email=f"{name}@justice.govt.nz",
    )
    DIRECTORY[person.username] = list(groups)
    return person


def signed_in_at_provider(session, sso, person):
    """``session`` has signed in at the provider as ``person`` (its own
    sign-in page is not what these tests are about)."""
    client = Client()
    client.force_login(person)
    session.cookies.set(
        "sessionid", client.cookies["sessionid"].value, domain="127.0.0.1", path="/"
    )


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sso_url(html):
    match = re.search(r'<form class="monitor-sso" action="([^"]+)"', html)
    return match.group(1) if match else None


def tampered(url, **changes):
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def sign_in(sso, person, *, session=None, change_callback=None):
    """Press "Sign in with your … account" and follow the redirects by hand.

    Returns ``(session, response)``: the Monitor's answer to the callback
    (a redirect to the admin, or back to the sign-in page when refused).
    ``change_callback(url)`` may alter the provider's redirect (tampering).
    """
    session = session or requests.Session()
    signed_in_at_provider(session, sso, person)
    page = session.get(f"{sso.monitor}/admin/login/")
    assert page.status_code == 200
    start = session.post(
        sso.monitor + sso_url(page.text),
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "process": "login",
            "next": "/admin/",
        },
        allow_redirects=False,
    )
    assert start.status_code == 302, start.text[:500]
    authorize = start.headers["Location"]
    assert authorize.startswith(f"{sso.provider}/o/authorize/")
    back = session.get(authorize, allow_redirects=False)
    assert back.status_code == 302, back.text[:500]
    callback = back.headers["Location"]
    assert callback.startswith(sso.monitor + CALLBACK)
    if change_callback:
        callback = change_callback(callback)
    return session, session.get(callback, allow_redirects=False)


def monitor_user(person):
    """The Monitor account made for the directory's ``person``, or None."""
    from allauth.socialaccount.models import SocialAccount

    account = SocialAccount.objects.filter(uid=str(person.pk)).first()
    return account.user if account else None


def role_and_agencies(user):
    user = get_user_model().objects.get(pk=user.pk)
    return (
        sorted(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True)),
        sorted(user.agencies.values_list("code", flat=True)),
    )


@pytest.fixture
def sso(_database_left_as_found, django_db_serialized_rollback, live_server, settings):
    return make_sso(live_server, settings)
