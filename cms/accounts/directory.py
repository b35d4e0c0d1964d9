"""Directory groups to Monitor role and agency, at every organisation sign-in."""

from workflows import roles
from workflows.actions.users import set_user_role

# Strongest first: a member of several mapped groups gets the strongest role.
_ORDER = {role: index for index, role in enumerate(roles.ROLES)}


def mapped_group(group_names):
    """The ``DirectoryGroup`` that decides the role for someone in
    ``group_names``: the strongest role, then the first group by name; None
    if no group is mapped."""
    from .models import DirectoryGroup

    names = {str(name) for name in group_names or ()}
    candidates = list(
        DirectoryGroup.objects.filter(name__in=names).select_related("agency")
    )
    if not candidates:
        return None
    return min(candidates, key=lambda mapping: (_ORDER[mapping.role], mapping.name))


def apply_directory_groups(user, group_names, *, source="sso"):
    """Make ``user``'s role and agency those the mapped groups give, taking
    away what a group they left gave. Returns the deciding ``DirectoryGroup``
    or None (then the user keeps no role and no agency)."""
    mapping = mapped_group(group_names)
    set_user_role(
        user,
        role=mapping.role if mapping else None,
        agency=mapping.agency if mapping else None,
        source=source,
    )
    return mapping
