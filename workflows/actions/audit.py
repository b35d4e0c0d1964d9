"""The audit trail of sign-in: who signed in, who failed, what was tried.

Entries are Wagtail log entries whose action starts with ``monitor.auth.``:
on the account concerned, or — for a username that names no account — on
its ``UnknownUsername`` row. Role changes are logged by
``workflows.actions.users.set_user_role``; two-factor enrolment and resets by
the two-factor code. ``cms.security.audit`` connects Django's sign-in
signals to the functions here and shows the trail to administrators.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..models import UnknownUsername
from .users import ROLE_CHANGED

PREFIX = "monitor.auth."
SIGNIN = "monitor.auth.signin"
SIGNIN_FAILED = "monitor.auth.signin_failed"

#: The labels of this module's actions (registered with Wagtail's log actions).
LABELS = {
    SIGNIN: _("Signed in"),
    SIGNIN_FAILED: _("Sign-in failed"),
    ROLE_CHANGED: _("Role or agency changed"),
}


def record_signin(user, *, address=None, backend="") -> None:
    """Log that ``user`` signed in, from ``address``, through ``backend``."""
    log(
        instance=user,
        action=SIGNIN,
        user=user,
        data={"address": address or "", "backend": backend or ""},
    )


def record_signin_failure(username, *, address=None) -> None:
    """Log a failed sign-in with ``username``: on the account it names, else
    on the ``UnknownUsername`` of what was typed. Nobody is the actor."""
    username = (username or "").strip()[:255]
    data = {"username": username, "address": address or ""}
    account = (
        get_user_model()
        ._default_manager.filter(**{get_user_model().USERNAME_FIELD: username})
        .first()
        if username
        else None
    )
    if account is None:
        account, _created = UnknownUsername.objects.get_or_create(username=username)
    log(instance=account, action=SIGNIN_FAILED, user=None, data=data)


def entries():
    """Every audit-trail entry, newest first, with the actor fetched."""
    return (
        ModelLogEntry.objects.filter(action__startswith=PREFIX)
        .select_related("user", "content_type")
        .order_by("-timestamp", "-pk")
    )


def about_user(user_pk) -> Q:
    """Entries about the account ``user_pk`` or by it."""
    user_type = ContentType.objects.get_for_model(get_user_model())
    return Q(user_id=user_pk) | Q(content_type=user_type, object_id=str(user_pk))
