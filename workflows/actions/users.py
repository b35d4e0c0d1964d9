"""A user's role and agency: the one place that changes them.

Minimal version written with organisation sign-in (cms.accounts); the user
form by role and agency extends it (same signature).
"""

from django.contrib.auth.models import Group
from django.db import transaction

from .. import roles


@transaction.atomic
def set_user_role(user, *, role, agency, actor=None, source="sso"):
    """Give ``user`` exactly one Monitor ``role`` (a name of ``roles.ROLES``,
    or None for none) and exactly one ``agency`` (or None).

    Groups that are not Monitor roles and the superuser flag are left alone.
    Returns True if anything changed.
    """
    if role is not None and role not in roles.ROLES:
        raise ValueError(f"Unknown role: {role!r}")
    held_roles = set(
        user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True)
    )
    wanted_roles = {role} if role else set()
    held_agencies = set(user.agencies.values_list("pk", flat=True))
    wanted_agencies = {agency.pk} if agency is not None else set()
    if held_roles == wanted_roles and held_agencies == wanted_agencies:
        return False
    user.groups.remove(*Group.objects.filter(name__in=held_roles - wanted_roles))
    user.groups.add(*Group.objects.filter(name__in=wanted_roles - held_roles))
    user.agencies.set(wanted_agencies)
    roles.forget(user)
    return True
