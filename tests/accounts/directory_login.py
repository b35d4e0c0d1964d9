"""A Monitor user made by the organisation sign-in's own code path, without a
browser: allauth's social login from the directory's claims (what follows the
token exchange that tests/accounts/test_sso.py runs against a real provider)."""

from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from .support import provider_settings


def signed_in_by_directory(*, sub, username, groups):
    """Complete the organisation sign-in of a person with these claims; the
    Monitor user it made or updated (with the role and agency of ``groups``)."""
    request = RequestFactory().get("/accounts/oidc/organisation/login/callback/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    claims = {
        "sub": sub,
        "preferred_username": username,
        "email": f"{username}@example.govt.nz",
        "groups": list(groups),
    }
    with (
        override_settings(
            SOCIALACCOUNT_PROVIDERS=provider_settings("https://login.example.govt.nz")
        ),
        context.request_context(request),
    ):
        provider = get_adapter().get_provider(request, "organisation")
        sociallogin = provider.sociallogin_from_response(request, {"userinfo": claims})
        response = complete_social_login(request, sociallogin)
    assert response.status_code == 302, response
    assert response["Location"] == "/admin/", response["Location"]
    return request.user
