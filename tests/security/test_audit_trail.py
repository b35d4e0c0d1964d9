"""The audit trail of sign-in: what is recorded, and who reads it.

Sign-ins and failures (with the username tried) are Wagtail log entries
``monitor.auth.*``, written from Django's sign-in signals; *Settings → Audit
trail* lists them for Monitor administrators, with filters and CSV.
"""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from workflows import roles
from workflows.actions import audit
from workflows.actions.users import ROLE_CHANGED, set_user_role
from workflows.models import UnknownUsername

from ..workflows.admin_helpers import DENIED, messages_of
from .conftest import PASSWORD, WRONG, sign_in, signed_in_as

pytestmark = pytest.mark.django_db

User = get_user_model()
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
AUDIT = "/admin/audit-trail/"
AUDIT_CSV = "/admin/audit-trail/export.csv"


# --- Sign-in in the audit trail ------------------------------------------------------


def test_a_sign_in_is_logged_with_the_address(client, people):
    response = sign_in(client, "alice", PASSWORD, address="203.0.113.9")

    assert response.status_code == 302
    assert signed_in_as(client) == "alice"
    entry = ModelLogEntry.objects.get(action=audit.SIGNIN)
    assert (entry.user, entry.object_id, entry.label) == (
        people.alice,
        str(people.alice.pk),
        "alice",
    )
    assert entry.data == {
        "address": "203.0.113.9",
        "backend": "django.contrib.auth.backends.ModelBackend",
    }


def test_a_failed_sign_in_is_logged_on_the_account(client, people):
    response = sign_in(client, "alice", WRONG, address="203.0.113.9")

    assert response.status_code == 200
    entry = ModelLogEntry.objects.get(action=audit.SIGNIN_FAILED)
    assert (entry.user, entry.object_id, entry.label) == (
        None,
        str(people.alice.pk),
        "alice",
    )
    assert entry.data == {"username": "alice", "address": "203.0.113.9"}
    assert ModelLogEntry.objects.filter(action=audit.SIGNIN).count() == 0


def test_an_unknown_username_is_kept_without_a_user(client, people):
    users_before = User.objects.count()
    sign_in(client, "mallory", WRONG, address="198.51.100.7")
    sign_in(client, "mallory", WRONG, address="198.51.100.7")

    unknown = UnknownUsername.objects.get()
    assert unknown.username == "mallory"
    entries = ModelLogEntry.objects.filter(action=audit.SIGNIN_FAILED)
    assert [(e.label, e.user_id, e.object_id) for e in entries] == [
        ("mallory", None, str(unknown.pk))
    ] * 2
    assert User.objects.count() == users_before


# --- The audit trail screen -----------------------------------------------------------


@pytest.mark.parametrize("url", [AUDIT, AUDIT_CSV])
def test_only_administrators_read_the_audit_trail(client, people, url):
    client.force_login(people.alice)
    refused = client.get(url)
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"
    assert messages_of(refused)[-1] == DENIED

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/?next=")

    client.force_login(people.admin)
    assert client.get(url).status_code == 200


def test_the_audit_trail_lists_filters_and_exports(client, people, police):
    at = datetime.datetime(2026, 11, 2, 15, 52, tzinfo=AUCKLAND)
    with time_machine.travel(at, tick=False):
        sign_in(client, "alice", WRONG, address="203.0.113.9")
        sign_in(client, "mallory", WRONG, address="198.51.100.7")
    with time_machine.travel(at + datetime.timedelta(days=1), tick=False):
        sign_in(client, "alice", PASSWORD, address="203.0.113.9")
        client.logout()
        set_user_role(
            people.bob,
            role=roles.LEAD_AGENCY_MANAGERS,
            agency=police,
            actor=people.admin,
        )
    client.force_login(people.admin)  # force_login logs a sign-in too, today

    page = client.get(
        AUDIT, {"timestamp_from": "02/11/2026", "timestamp_to": "03/11/2026"}
    )
    assert page.status_code == 200
    assert [entry.action for entry in page.context["object_list"]] == [
        ROLE_CHANGED,
        audit.SIGNIN,
        audit.SIGNIN_FAILED,
        audit.SIGNIN_FAILED,
    ]
    assert "3 November 2026 3:52 pm" in page.text
    assert re.search(r"4\s+entries", page.text)
    assert "log entr" not in page.text  # not Wagtail's model name

    alice = client.get(AUDIT_CSV, {"user": people.alice.pk})
    assert alice.status_code == 200
    assert alice["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(alice.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "date_time",
            "action",
            "account",
            "username_tried",
            "address",
            "by",
            "details",
        ],
        [
            "3 November 2026 3:52 pm",
            "Signed in",
            "alice",
            "",
            "203.0.113.9",
            "alice",
            "from 203.0.113.9",
        ],
        [
            "2 November 2026 3:52 pm",
            "Sign-in failed",
            "alice",
            "alice",
            "203.0.113.9",
            "",
            "from 203.0.113.9",
        ],
    ]

    failures = client.get(AUDIT_CSV, {"action": audit.SIGNIN_FAILED})
    rows = list(csv.reader(io.StringIO(failures.content.decode("utf-8-sig"))))
    assert [row[2:4] for row in rows[1:]] == [
        ["mallory", "mallory"],
        ["alice", "alice"],
    ]

    roles_csv = client.get(AUDIT_CSV, {"action": ROLE_CHANGED})
    rows = list(csv.reader(io.StringIO(roles_csv.content.decode("utf-8-sig"))))
    assert rows[1:] == [
        [
            "3 November 2026 3:52 pm",
            "Role or agency changed",
            "bob",
            "",
            "",
            "monitor-admin",
            "Agency contributors (Police) → Lead agency managers (Police); by admin",
        ],
    ]
