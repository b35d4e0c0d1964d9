"""The permission matrix again, every role held by a user the organisation
sign-in created from directory groups (cms.accounts), not by a factory."""

import pytest

from cms.accounts.models import DirectoryGroup
from workflows import roles

from ..accounts.directory_login import signed_in_by_directory
from . import test_permission_matrix
from .conftest import build_items, build_world

# Every test of the matrix, collected here too, with this module's world.
globals().update(
    {
        name: value
        for name, value in vars(test_permission_matrix).items()
        if name.startswith("test_")
    }
)
pytestmark = test_permission_matrix.pytestmark

# (world attribute, directory group, role, agency attribute)
DIRECTORY = [
    ("admin", "HRM-Administrators", roles.ADMINISTRATORS, None),
    ("moj_manager", "HRM-MoJ-Managers", roles.LEAD_AGENCY_MANAGERS, "moj"),
    ("msd_manager", "HRM-MSD-Managers", roles.LEAD_AGENCY_MANAGERS, "msd"),
    ("police_contributor", "HRM-Police-Staff", roles.AGENCY_CONTRIBUTORS, "police"),
    ("msd_contributor", "HRM-MSD-Staff", roles.AGENCY_CONTRIBUTORS, "msd"),
]


def build_sso_world():
    world = build_world()
    for attribute, group, role, agency in DIRECTORY:
        DirectoryGroup.objects.create(
            name=group, role=role, agency=getattr(world, agency) if agency else None
        )
        user = signed_in_by_directory(
            sub=f"directory-{attribute}",
            username=f"sso-{attribute}",
            groups=["Everyone", group],
        )
        assert user.username == f"sso-{attribute}"
        assert not user.has_usable_password()
        setattr(world, attribute, user)
    return world


@pytest.fixture(scope="module")
def shared_world(module_db):
    with module_db.unblock():
        world = build_sso_world()
        return world, build_items(world)


def test_the_roles_are_held_by_users_made_by_the_organisation_sign_in(world):
    for attribute, _group, role, agency in DIRECTORY:
        user = getattr(world, attribute)
        assert user.socialaccount_set.get().provider == "organisation"
        assert list(user.groups.values_list("name", flat=True)) == [role]
        expected = [getattr(world, agency).pk] if agency else []
        assert list(user.agencies.values_list("pk", flat=True)) == expected
