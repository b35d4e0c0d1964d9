"""Two-factor login: an administrator resets a user's lost device."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from .. import roles

ENROLLED = "monitor.auth.2fa_enrolled"
RESET = "monitor.auth.2fa_reset"


def record_enrolment(user):
    """Log that ``user`` set up two-factor login (allauth's signal)."""
    log(instance=user, action=ENROLLED, user=user)


@transaction.atomic
def reset_two_factor(user, *, actor) -> int:
    """Remove every second factor of ``user`` (authenticator app and recovery
    codes), so they enrol again at their next sign-in. Administrators only;
    logged. Returns how many authenticators were removed."""
    from allauth.mfa.models import Authenticator

    if not roles.is_administrator(actor):
        raise PermissionDenied("Only Monitor administrators reset two-factor sign-in.")
    removed, _ = Authenticator.objects.filter(user=user).delete()
    log(instance=user, action=RESET, user=actor, data={"removed": removed})
    return removed
