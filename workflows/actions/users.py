"""A user's Monitor role and agency: the one place that sets them.

The admin's user form, its "Assign role" bulk action and single sign-on
(``source="sso"``) all call ``set_user_role``. A role is a group of
``workflows.roles``; an agency is ``Agency.members``. A person holds at most
one role and works for at most one agency: contributors and managers need an
agency, administrators have none. Every change is written to the audit trail
as ``monitor.auth.role_changed`` on the user.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DO_NOTHING, SET_NULL
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from content_models.models import Agency

from .. import roles

ROLE_CHANGED = "monitor.auth.role_changed"
SOURCES = ("admin", "sso", "command")

#: Roles whose people work for an agency.
AGENCY_ROLES = (roles.LEAD_AGENCY_MANAGERS, roles.AGENCY_CONTRIBUTORS)


def role_of(user) -> str | None:
    """The user's Monitor role (the first of ``roles.ROLES`` they hold), or None."""
    held = set(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True))
    return next((role for role in roles.ROLES if role in held), None)


def agency_of(user) -> Agency | None:
    """The agency the user works for (the first by name if several), or None."""
    return user.agencies.order_by("name").first() if user.pk else None


def check_role(role: str | None, agency: Agency | None) -> None:
    """Raise ``ValidationError`` (keyed by field ``role``/``agency``) for a
    combination the Monitor does not allow."""
    if role is not None and role not in roles.ROLES:
        raise ValidationError(
            {"role": _("Unknown role: %(role)s.") % {"role": role}}, code="unknown"
        )
    if role in AGENCY_ROLES and agency is None:
        raise ValidationError(
            {"agency": _("%(role)s work for an agency: choose it.") % {"role": role}},
            code="agency_required",
        )
    if role not in AGENCY_ROLES and agency is not None:
        raise ValidationError(
            {
                "agency": (
                    _("Monitor administrators work for no agency: leave it empty.")
                    if role == roles.ADMINISTRATORS
                    else _(
                        "A person without a role works for no agency: leave it empty."
                    )
                )
            },
            code="agency_not_allowed",
        )


def _describe(role, agency) -> dict:
    return {
        "role": role or "",
        "agency": agency.code if agency else "",
        "agency_id": agency.pk if agency else None,
    }


@transaction.atomic
def set_user_role(user, *, role, agency, actor=None, source="admin") -> bool:
    """Give ``user`` exactly ``role`` (a name of ``roles.ROLES`` or None) and
    ``agency`` (an ``Agency`` or None); return whether anything changed.

    Refuses a bad combination with ``ValidationError`` before changing
    anything. Other groups of the user are kept. A change is logged once as
    ``monitor.auth.role_changed`` with the old and new role and agency, by
    ``actor`` (None for sign-on or a command), with ``source``.
    """
    check_role(role, agency)
    if source not in SOURCES:
        raise ValueError(f"Unknown source {source!r}")
    held_roles = set(
        user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True)
    )
    held_agencies = set(user.agencies.values_list("pk", flat=True))
    wanted_roles = {role} if role else set()
    wanted_agencies = {agency.pk} if agency else set()
    if held_roles == wanted_roles and held_agencies == wanted_agencies:
        return False
    old = _describe(role_of(user), agency_of(user))
    if held_roles != wanted_roles:
        user.groups.remove(*Group.objects.filter(name__in=held_roles - wanted_roles))
        if role:
            group, _created = Group.objects.get_or_create(name=role)
            user.groups.add(group)
    if held_agencies != wanted_agencies:
        user.agencies.set(wanted_agencies)
    roles.forget(user)
    log(
        instance=user,
        action=ROLE_CHANGED,
        user=actor,
        data={"old": old, "new": _describe(role, agency), "source": source},
    )
    return True


def has_history(user) -> bool:
    """Whether records are attributed to ``user``: log entries they made
    (sign-ins included), revisions, import runs, assessments... — every row
    whose link to the user would be emptied (``SET_NULL``) or left dangling
    (``DO_NOTHING``) by deleting them. Such a user is deactivated, not deleted.
    """
    for relation in type(user)._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation) or relation.concrete:
            continue
        if relation.many_to_many or relation.on_delete not in (SET_NULL, DO_NOTHING):
            continue
        related = relation.related_model._base_manager
        if related.filter(**{relation.field.attname: user.pk}).exists():
            return True
    return False
