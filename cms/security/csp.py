"""Content-Security-Policy: one policy for the public site, one for the admin.

django-csp's middleware sends ``CONTENT_SECURITY_POLICY`` everywhere; under
the Wagtail admin's URL it sends ``CONTENT_SECURITY_POLICY_ADMIN`` instead,
because Wagtail's widgets (choosers, date pickers, inline panels) still write
inline ``<script>`` and ``style`` attributes that a nonce cannot reach. The
public pages keep the strict policy: scripts from the site itself, plus a
per-request nonce for the explorer's import map.
"""

import functools

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


@functools.cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def admin_policy() -> dict:
    """The admin's policy; with organisation sign-in configured, its form-action
    also allows the provider, to which the sign-in button's POST redirects."""
    from cms.accounts.sso import provider_origin

    directives = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
    origin = provider_origin()
    if origin is None:
        return directives
    return {**directives, "form-action": [*directives["form-action"], origin]}


def in_admin_area(path: str) -> bool:
    """The admin, and the sign-in pages of django-allauth (/accounts/: the
    organisation's sign-in, two-factor) that share its look."""
    return path.startswith(admin_prefix()) or path.startswith("/accounts/")


class AreaCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin URL."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = in_admin_area(request.path_info)
        # A view's own @csp_override still wins.
        if in_admin and not report_only and parts.config is None:
            parts.config = admin_policy()
        return parts
