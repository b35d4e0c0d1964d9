"""The demo's logins get their role and agency through ``set_user_role`` (the
one place, logged once as a change by the command); a second run logs
nothing and leaves a role an administrator changed as it is."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from cms.demo.common import SeedSummary
from cms.demo.people import seed_people
from workflows import roles
from workflows.actions.users import ROLE_CHANGED, agency_of, role_of, set_user_role

from ..factories import AgencyFactory, HumanRightsBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    police = AgencyFactory(code="Police", name="New Zealand Police")
    HumanRightsBodyFactory(code="UPR", lead_agency=moj)
    return moj, police


def people():
    return {
        user.username: (role_of(user), getattr(agency_of(user), "code", None))
        for user in get_user_model().objects.order_by("username")
    }


def role_changes():
    return sorted(
        (entry.label, entry.user_id, entry.data["source"], entry.data["new"]["role"])
        for entry in ModelLogEntry.objects.filter(action=ROLE_CHANGED)
    )


def test_each_new_login_gets_its_role_once_through_set_user_role(agencies):
    summary = SeedSummary()
    seed_people(summary)
    assert people() == {
        "moj-contributor": (roles.AGENCY_CONTRIBUTORS, "MoJ"),
        "moj-manager": (roles.LEAD_AGENCY_MANAGERS, "MoJ"),
        "monitor-admin": (roles.ADMINISTRATORS, None),
        "police-contributor": (roles.AGENCY_CONTRIBUTORS, "Police"),
    }
    assert role_changes() == [
        ("moj-contributor", None, "command", roles.AGENCY_CONTRIBUTORS),
        ("moj-manager", None, "command", roles.LEAD_AGENCY_MANAGERS),
        ("monitor-admin", None, "command", roles.ADMINISTRATORS),
        ("police-contributor", None, "command", roles.AGENCY_CONTRIBUTORS),
    ]
    assert (
        summary.tallies["demo users"].created,
        summary.tallies["demo users"].existing,
    ) == (4, 0)


def test_a_second_run_logs_nothing_and_keeps_a_changed_role(agencies):
    moj, _police = agencies
    seed_people(SeedSummary())
    police = get_user_model().objects.get(username="police-contributor")
    admin = get_user_model().objects.get(username="monitor-admin")
    set_user_role(police, role=roles.LEAD_AGENCY_MANAGERS, agency=moj, actor=admin)
    before, logged = people(), ModelLogEntry.objects.count()
    summary = SeedSummary()
    seed_people(summary)
    assert people() == before
    assert before["police-contributor"] == (roles.LEAD_AGENCY_MANAGERS, "MoJ")
    assert ModelLogEntry.objects.count() == logged
    assert (
        summary.tallies["demo users"].created,
        summary.tallies["demo users"].existing,
    ) == (0, 4)
