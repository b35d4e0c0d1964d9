"""The three roles of the Monitor and what the user's agencies are.

Roles are Django groups created by a data migration; a user's agencies are
``Agency.members``. Both are read once per request and cached on the user.
"""

from django.utils.translation import gettext_lazy as _

ADMINISTRATORS = "Monitor administrators"
LEAD_AGENCY_MANAGERS = "Lead agency managers"
AGENCY_CONTRIBUTORS = "Agency contributors"

ROLES = (ADMINISTRATORS, LEAD_AGENCY_MANAGERS, AGENCY_CONTRIBUTORS)

ROLE_DESCRIPTIONS = {
    ADMINISTRATORS: _("Manage taxonomies, agencies and users; see everything."),
    LEAD_AGENCY_MANAGERS: _(
        "Edit, approve and publish content of the bodies their agency leads."
    ),
    AGENCY_CONTRIBUTORS: _(
        "Propose actions and indicators and write progress reports for their "
        "agency's items; cannot publish."
    ),
}

_CACHE_ATTRIBUTE = "_monitor_roles"
# Other facts about the user computed once per request (see ``remember``).
_REMEMBERED_ATTRIBUTE = "_monitor_remembered"


def _cached(user):
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        if user.is_authenticated and user.is_active:
            groups = frozenset(user.groups.values_list("name", flat=True))
            agencies = frozenset(user.agencies.values_list("pk", flat=True))
        else:
            groups, agencies = frozenset(), frozenset()
        cached = (groups, agencies)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget(user):
    """Drop the cached roles, e.g. after changing a user's groups in a test."""
    for attribute in (_CACHE_ATTRIBUTE, _REMEMBERED_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def remember(user, key, compute):
    """``compute()``, cached on ``user`` under ``key`` like the roles are."""
    remembered = getattr(user, _REMEMBERED_ATTRIBUTE, None)
    if remembered is None:
        remembered = {}
        setattr(user, _REMEMBERED_ATTRIBUTE, remembered)
    if key not in remembered:
        remembered[key] = compute()
    return remembered[key]


def is_administrator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or ADMINISTRATORS in _cached(user)[0])
    )


def is_lead_agency_manager(user) -> bool:
    return LEAD_AGENCY_MANAGERS in _cached(user)[0]


def is_agency_contributor(user) -> bool:
    return AGENCY_CONTRIBUTORS in _cached(user)[0]


def agency_ids(user) -> frozenset[int]:
    """Primary keys of the agencies the user is a member of."""
    return _cached(user)[1]
