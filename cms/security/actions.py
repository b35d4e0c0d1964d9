"""Sign-in lockouts: who is locked out now, and unlocking (one place for both).

django-axes keeps one ``AccessAttempt`` row per (username, address, browser)
with its failure count. An account is locked when its rows add up to
``AXES_FAILURE_LIMIT`` failures within the cool-off; so is an address. The
admin screen and tests use these functions; the ``axes_reset_username`` and
``axes_reset_ip`` commands do the same from a shell.
"""

import datetime
import logging
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows import roles

logger = logging.getLogger(__name__)

ACCOUNT = "account"
ADDRESS = "address"
KINDS = {ACCOUNT: "username", ADDRESS: "ip_address"}


@dataclass(frozen=True)
class FailedSignIns:
    """Recent failed sign-ins of one account or one address."""

    kind: str  # ACCOUNT or ADDRESS
    value: str  # the username or the IP address
    failures: int
    last_failure: datetime.datetime
    others: int  # addresses an account failed from, or usernames an address tried
    limit: int
    locked_until: datetime.datetime | None  # None: until unlocked (no cool-off)

    @property
    def locked(self) -> bool:
        return self.failures >= self.limit


def _limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def recent_failures(*, now: datetime.datetime | None = None) -> list[FailedSignIns]:
    """Accounts and addresses with failures still counted, locked ones first."""
    now = now or timezone.now()
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=now - cool_off)
    rows = []
    for kind, field in KINDS.items():
        other = "ip_address" if field == "username" else "username"
        counted = attempts.exclude(**{f"{field}__isnull": True})
        if field == "username":
            # (An IP address field turns "" into a broken comparison.)
            counted = counted.exclude(username="")
        groups = counted.values(field).annotate(
            failures=Sum("failures_since_start"),
            last_failure=Max("attempt_time"),
            others=Count(other, distinct=True),
        )
        for group in groups:
            rows.append(
                FailedSignIns(
                    kind=kind,
                    value=group[field],
                    failures=group["failures"],
                    last_failure=group["last_failure"],
                    others=group["others"],
                    limit=_limit(),
                    locked_until=group["last_failure"] + cool_off if cool_off else None,
                )
            )
    return sorted(rows, key=lambda row: (not row.locked, row.kind, row.value))


@transaction.atomic
def unlock(*, by, kind: str, value: str) -> int:
    """Forget the failed sign-ins of one account or address; return rows removed.

    Raises ``PermissionDenied`` unless ``by`` is a Monitor administrator and
    ``ValidationError`` for an unknown ``kind`` or an empty ``value``.
    """
    if not roles.is_administrator(by):
        raise PermissionDenied
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of lockout: %(kind)s") % {"kind": kind})
    if not value:
        raise ValidationError(_("Say which account or address to unlock."))
    if kind == ACCOUNT:
        count = AxesProxyHandler.reset_attempts(username=value)
    else:
        count = AxesProxyHandler.reset_attempts(ip_address=value)
    logger.warning(
        "Sign-in %s %r unlocked by %s (%d attempt records removed)",
        kind,
        value,
        by.get_username(),
        count,
    )
    return count
