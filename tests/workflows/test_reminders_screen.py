"""The reminders screen: the log with filters, the next run (a dry run), the
schedule — for administrators and, for their bodies, lead agency managers."""

import pytest
from django.core import mail
from django.urls import reverse

from content_models.models import DueDate
from workflows.models import Reminder, ReminderMessage

from .admin_helpers import ROLES, assert_redirected_away, login
from .reminders_support import D, indicator_due, nz, run

pytestmark = pytest.mark.django_db

INDEX = "reminders:index"
RESULTS = "reminders:index_results"
NEXT_RUN = "reminders:next_run"
READERS = {"moj_manager", "msd_manager", "admin"}
POLICE = ["police-contributor@example.govt.nz", "police@example.govt.nz"]
MSD = ["msd-contributor@example.govt.nz", "msd@example.govt.nz"]


@pytest.fixture
def dues(world):
    """A Police due date of the UPR (MoJ leads it), an MSD one of the CRC."""
    _, police = indicator_due(
        world.police_action, world.police, D(2026, 7, 1), reference="IND-POL-1"
    )
    _, msd = indicator_due(
        world.msd_action, world.msd, D(2026, 7, 3), reference="IND-MSD-1"
    )
    return police, msd


@pytest.fixture
def logged(dues):
    """The log after the run of 20 June 2026: due-soon prompts for both."""
    run(nz(2026, 6, 20))
    mail.outbox.clear()
    return dues


def rows(response):
    """``(recipient, object id)`` of the log rows a listing response shows."""
    return sorted(
        (row.recipient, row.object_id) for row in response.context["object_list"]
    )


def expected(police=False, msd=False, *, dues):
    police_due, msd_due = dues
    result = []
    if police:
        result += [(address, police_due.pk) for address in POLICE]
    if msd:
        result += [(address, msd_due.pk) for address in MSD]
    return sorted(result)


# What each reader sees of the log: administrators everything, a manager the
# reminders about their bodies' content (MoJ: the UPR; MSD: the CRC).
SEES = {
    "moj_manager": {"police": True},
    "msd_manager": {"msd": True},
    "admin": {"police": True, "msd": True},
}


@pytest.mark.parametrize("view", [INDEX, RESULTS])
@pytest.mark.parametrize("role", ROLES)
def test_the_log_is_scoped_per_role(client, world, logged, role, view):
    login(client, world, role)
    response = client.get(reverse(view))
    if role not in READERS:
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    assert rows(response) == expected(**SEES[role], dues=logged)


def test_the_log_reads_like_the_monitor(client, world, logged):
    client.force_login(world.admin)
    html = client.get(reverse(INDEX)).content.decode()
    assert "Report due soon" in html
    assert "IND-POL-1" in html
    assert "police-contributor@example.govt.nz" in html
    assert "What the next run would send" in html
    # The schedule the migration created: daily at 7 am in Auckland.
    assert "every day at 7:00 am (0 7 * * *, New Zealand time)" in html


@pytest.mark.parametrize(
    ("query", "sees"),
    [
        ({"rule": "due_soon"}, {"police": True, "msd": True}),
        ({"rule": "overdue"}, {}),
        ({"body": "crc"}, {"msd": True}),
        ({"agency": "police"}, {"police": True}),
        ({"recipient": "msd-contrib"}, "msd-contributor"),
        (
            {"recorded_at_from": "2026-06-20", "recorded_at_to": "2026-06-20"},
            {"police": True, "msd": True},
        ),
        ({"recorded_at_from": "2026-06-21"}, {}),
    ],
)
def test_the_log_filters(client, world, logged, query, sees):
    ids = {"crc": world.crc.pk, "police": world.police.pk}
    params = {key: ids.get(value, value) for key, value in query.items()}
    client.force_login(world.admin)
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    if sees == "msd-contributor":
        assert rows(response) == [("msd-contributor@example.govt.nz", logged[1].pk)]
    else:
        assert rows(response) == expected(**sees, dues=logged)


def test_a_manager_cannot_widen_the_log_with_a_filter(client, world, logged):
    client.force_login(world.moj_manager)
    response = client.get(reverse(INDEX), {"agency": world.msd.pk})
    assert response.status_code == 200
    assert rows(response) == []


def state():
    return (
        Reminder.objects.count(),
        ReminderMessage.objects.count(),
        sorted(DueDate.objects.values_list("pk", "date")),
        len(mail.outbox),
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_next_run_is_a_dry_run_scoped_per_role(
    client, world, dues, role, time_machine
):
    time_machine.move_to(nz(2026, 6, 20), tick=False)
    login(client, world, role)
    before = state()
    response = client.get(reverse(NEXT_RUN))
    # Nothing recorded, nothing sent, no due date added, whoever asks.
    assert state() == before
    if role not in READERS:
        assert_redirected_away(response, role)
        return
    assert response.status_code == 200
    html = response.content.decode()
    sees = SEES[role]
    assert ("IND-POL-1" in html) == bool(sees.get("police"))
    assert ("IND-MSD-1" in html) == bool(sees.get("msd"))
    for address in POLICE:
        assert (address in html) == bool(sees.get("police"))
    assert "nothing is recorded or sent" in html


def test_the_next_run_shows_what_a_real_run_then_sends(
    client, world, dues, time_machine
):
    time_machine.move_to(nz(2026, 6, 20), tick=False)
    client.force_login(world.admin)
    html = client.get(reverse(NEXT_RUN)).content.decode()
    for address in POLICE + MSD:
        assert address in html
    assert Reminder.objects.count() == 0
    # The same moment for real: what the dry run listed is recorded and sent.
    run(nz(2026, 6, 20))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(POLICE + MSD)
    html = client.get(reverse(NEXT_RUN)).content.decode()
    assert "The next run would send nothing." in html


def test_the_menu_shows_reminders_to_readers_only(client, world):
    url = reverse(INDEX)
    for role in ("admin", "moj_manager", "police_contributor"):
        client.force_login(getattr(world, role))
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (f'"{url}"' in html) == (role in READERS), role
