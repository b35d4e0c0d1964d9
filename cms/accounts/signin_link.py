"""Break-glass sign-in links for superusers: signed, short-lived, single-use.

The link carries the user's id and their last sign-in time, signed with
SECRET_KEY; signing in changes that time, so a link works once.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

SALT = "monitor.accounts.signin_link"
SESSION_KEY = "monitor_break_glass"


def _stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "l": _stamp(user)}, salt=SALT, compress=True)


def user_for(token):
    """The superuser ``token`` signs in, or None (expired, used, tampered)."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.MONITOR_SIGNIN_LINK_MINUTES * 60
        )
    except signing.BadSignature:
        return None
    user = (
        get_user_model()
        .objects.filter(pk=data.get("u"), is_active=True, is_superuser=True)
        .first()
    )
    if user is None or _stamp(user) != data.get("l"):
        return None
    return user
