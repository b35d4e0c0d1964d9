"""The sign-in throttle (django-axes) on Wagtail's login form.

Defaults of cms/settings/base.py: 10 failures within 15 minutes lock the
account, and separately the address; the lock shows on Wagtail's sign-in page
with status 429. The probe that found the hole: 30 wrong passwords, all
answered, then the right one signed in.
"""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.security import actions

from .conftest import PASSWORD, WRONG, sign_in, signed_in_as

pytestmark = pytest.mark.django_db

LOCKED = (
    "Sign-in is locked after too many failed attempts for this account or from "
    "this network. Try again in 15 minutes, or ask a Monitor administrator to "
    "unlock it."
)
MISMATCH = "Your username and password didn't match. Please try again."
LOCKOUTS = "/admin/sign-in-lockouts/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_31st_attempt_is_refused_even_with_the_right_password(client, people):
    statuses = [sign_in(client, "alice", WRONG).status_code for _ in range(30)]

    # Nine ordinary refusals; the tenth failure locks.
    assert statuses == [200] * 9 + [429] * 21
    response = sign_in(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302  # to the login page


def test_the_lockout_is_a_clear_message_on_wagtails_sign_in_page(client, people):
    for _ in range(9):
        response = sign_in(client, "alice", WRONG)
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [MISMATCH]

    response = sign_in(client, "alice", WRONG)

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert [t.name for t in response.templates][0] == "wagtailadmin/login.html"
    assert messages_of(response) == [LOCKED]
    html = response.content.decode()
    assert '<li class="error">' + LOCKED.replace("'", "&#x27;") in html
    # The username kept, the password not.
    assert re.search(r'<input[^>]*name="username"[^>]*value="alice"', html)
    assert re.search(r'<input[^>]*name="password"[^>]*>', html)
    assert WRONG not in html
    # Shown once: the next page does not repeat it.
    assert messages_of(client.get(reverse("wagtailadmin_login"))) == []


def test_an_administrator_unlocks_and_the_same_person_signs_in(people):
    alice, admin = Client(), Client()
    for _ in range(10):
        sign_in(alice, "alice", WRONG)
    assert sign_in(alice, "alice", PASSWORD).status_code == 429

    admin.force_login(people.admin)
    listing = admin.get(LOCKOUTS)
    assert listing.status_code == 200
    locked = [(row.kind, row.value, row.failures) for row in listing.context["locked"]]
    # Both the account and the address reached the limit.
    assert locked == [("account", "alice", 11), ("address", "203.0.113.5", 11)]

    response = admin.post(LOCKOUTS, {"kind": "account", "value": "alice"})

    assert response.status_code == 302
    assert response["Location"] == LOCKOUTS
    assert messages_of(admin.get(LOCKOUTS)) == [
        "Unlocked the account alice. Its failed sign-ins are forgotten."
    ]
    assert AccessAttempt.objects.count() == 0
    response = sign_in(alice, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in_as(alice) == "alice"


def test_an_address_is_locked_across_usernames(client, people):
    for number in range(10):
        response = sign_in(client, f"guess{number}", WRONG, address="198.51.100.7")
    assert response.status_code == 429

    # bob never failed, but his attempt comes from the same address.
    response = sign_in(client, "bob", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert signed_in_as(client) is None
    assert messages_of(response) == [LOCKED]

    # Positive control: bob from another address signs in.
    elsewhere = Client()
    response = sign_in(elsewhere, "bob", PASSWORD, address="192.0.2.44")
    assert response.status_code == 302
    assert signed_in_as(elsewhere) == "bob"


def test_an_account_is_locked_whatever_the_address(client, people):
    for number in range(10):
        sign_in(client, "alice", WRONG, address=f"192.0.2.{number + 1}")

    response = sign_in(Client(), "alice", PASSWORD, address="192.0.2.200")

    assert response.status_code == 429
    # Positive control: another account from that address is not locked.
    other = Client()
    assert sign_in(other, "bob", PASSWORD, address="192.0.2.200").status_code == 302
    assert signed_in_as(other) == "bob"


def test_the_lock_ends_by_itself_after_the_cool_off(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            sign_in(client, "alice", WRONG)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(client, "alice", PASSWORD).status_code == 429
    # A refused attempt during the lock restarts the cool-off (axes' default).
    later = start + datetime.timedelta(minutes=14 + 15, seconds=1)
    with time_machine.travel(later, tick=False):
        response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == "alice"


def test_limit_and_cool_off_come_from_the_settings(client, people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = None  # SIGNIN_COOLOFF_MINUTES=0

    statuses = [sign_in(client, "alice", WRONG).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "Retry-After" not in response
    assert messages_of(response) == [
        "Sign-in is locked after too many failed attempts for this account or "
        "from this network. Ask a Monitor administrator to unlock it."
    ]


@pytest.mark.parametrize("who", ["alice", "anonymous"])
def test_only_administrators_see_and_use_the_lockout_screen(who, people):
    for _ in range(10):
        sign_in(Client(), "bob", WRONG)
    before = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    client = Client()
    if who == "alice":
        client.force_login(people.alice)

    listing = client.get(LOCKOUTS)
    unlock = client.post(LOCKOUTS, {"kind": "account", "value": "bob"})

    for response in (listing, unlock):
        assert response.status_code == 302
        if who == "anonymous":
            assert response["Location"].startswith("/admin/login/")
        else:
            assert response["Location"] == "/admin/"
    assert (
        list(AccessAttempt.objects.values_list("username", "failures_since_start"))
        == before
        == [("bob", 10)]
    )
    with pytest.raises(PermissionDenied):
        actions.unlock(by=people.alice, kind="account", value="bob")
    # Positive control: the administrator's unlock removes the row.
    assert actions.unlock(by=people.admin, kind="account", value="bob") == 1


def test_a_malformed_unlock_is_refused_with_a_message(people):
    for _ in range(10):
        sign_in(Client(), "bob", WRONG)
    client = Client()
    client.force_login(people.admin)

    for data, message in (
        ({"kind": "user", "value": "bob"}, "Unknown kind of lockout: user"),
        ({"kind": "account", "value": " "}, "Say which account or address to unlock."),
    ):
        response = client.post(LOCKOUTS, data, follow=True)
        assert response.redirect_chain == [(LOCKOUTS, 302)]
        assert messages_of(response) == [message]
        assert AccessAttempt.objects.get().failures_since_start == 10
    # Positive control: the well-formed request unlocks.
    response = client.post(LOCKOUTS, {"kind": "address", "value": "203.0.113.5"})
    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0


def test_the_settings_menu_offers_the_screen_to_administrators_only(people):
    client = Client()
    client.force_login(people.admin)
    assert LOCKOUTS in client.get("/admin/").content.decode()
    client.force_login(people.alice)
    assert LOCKOUTS not in client.get("/admin/").content.decode()


def test_the_lockout_screen_writes_times_as_new_zealand_does(people):
    # 02:52 UTC on 6 December 2026 is 3:52 pm in Auckland (NZDT).
    failed_at = datetime.datetime(2026, 12, 6, 2, 52, tzinfo=datetime.UTC)
    alice, admin = Client(), Client()
    with time_machine.travel(failed_at, tick=False):
        for _ in range(10):
            sign_in(alice, "alice", WRONG)
        admin.force_login(people.admin)
        html = admin.get(LOCKOUTS).content.decode()
    assert re.findall(r"<td><time [^>]*>([^<]+)</time></td>", html) == [
        "6 Dec 2026 3:52 pm",
        "6 Dec 2026 3:52 pm",
    ]
    # Locked until the cool-off's end, 15 minutes later.
    assert "6 Dec 2026 4:07 pm" in html
