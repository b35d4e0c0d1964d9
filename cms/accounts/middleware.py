"""Roles of MONITOR_MFA_REQUIRED_ROLES reach the admin only after enrolling
in two-factor login."""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.security.csp import admin_prefix
from workflows import roles

from .signin_link import SESSION_KEY


def must_enrol(request) -> bool:
    """Whether the signed-in user must set up two-factor login first."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return False
    required = set(settings.MONITOR_MFA_REQUIRED_ROLES)
    if not required:
        return False
    held = set(roles._cached(user)[0])
    if user.is_superuser:
        held.add(roles.ADMINISTRATORS)
    if not held & required:
        return False
    if request.session.get(SESSION_KEY):
        return False  # break-glass link
    if any(
        record.get("method") == "socialaccount"
        for record in get_authentication_records(request, user)
    ):
        return False  # the organisation's directory decides its own factors
    return not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


# Admin URLs that stay open: signing in and out, and the assets the sign-in
# and two-factor pages load themselves (icons, translations).
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith(admin_prefix())
            and path not in {reverse(name) for name in OPEN_URL_NAMES}
            and must_enrol(request)
        ):
            if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
                # A script's request: no page to show, nothing to redirect.
                return HttpResponseForbidden()
            messages.warning(
                request,
                _(
                    "Your role needs two-factor sign-in. Set it up with an "
                    "authenticator app before you continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
