"""``manage.py send_reminders``: output, options and bad input."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from workflows.models import Reminder

from .reminders_support import POLICE_PEOPLE, make_police_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_due(world):
    return make_police_due(world)


def send_reminders(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_what_it_would_send(world, police_due):
    output = send_reminders("--now", "2026-06-15T09:00", "--dry-run")

    reference = police_due.indicator.reference
    title = police_due.indicator.title
    assert output.splitlines() == [
        "Reminders at 2026-06-15 09:00 NZST (dry run: nothing is recorded or sent)",
        f"would send due_soon to {POLICE_PEOPLE[0]} (police-contributor): 1 item",
        f"    {reference} — {title} · due 2026-07-01 · action ACT-POL-1 · Police",
        f"would send due_soon to {POLICE_PEOPLE[1]} (New Zealand Police): 1 item",
        f"    {reference} — {title} · due 2026-07-01 · action ACT-POL-1 · Police",
        "Summary: 2 messages would be sent",
    ]
    assert mail.outbox == []
    assert Reminder.objects.count() == 0


def test_a_real_run_prints_what_it_sent_and_a_second_run_nothing(world, police_due):
    output = send_reminders("--now", "2026-07-02")
    assert "sent overdue to police-contributor@example.govt.nz" in output
    assert output.splitlines()[-1] == "Summary: 2 messages sent"
    assert len(mail.outbox) == 2

    again = send_reminders("--now", "2026-07-02T18:00+12:00")
    assert again.splitlines()[-1] == "Nothing to send."
    assert len(mail.outbox) == 2


def test_rule_and_limit_options(world, police_due):
    output = send_reminders(
        "--now", "2026-08-05", "--rule", "escalation", "--limit", "1"
    )
    assert "sent escalation to moj.manager@example.govt.nz" in output
    assert [message.to for message in mail.outbox] == [["moj.manager@example.govt.nz"]]
    output = send_reminders("--now", "2026-08-05", "--rule", "overdue,escalation")
    assert output.count("sent overdue") == 2


def test_a_utc_moment_is_read_as_such(world, police_due):
    # 1 July 12:00 UTC is 2 July 00:00 in Auckland: overdue.
    output = send_reminders("--now", "2026-07-01T12:00Z", "--dry-run")
    assert output.splitlines()[0].startswith("Reminders at 2026-07-02 00:00 NZST")
    assert "would send overdue" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--now", "notadate"],
            "--now: 'notadate' is not an ISO 8601 date-time "
            "(e.g. 2026-07-01 or 2026-07-01T09:00+12:00).",
        ),
        (
            ["--rule", "unknown"],
            "--rule: unknown rule 'unknown'; the rules are due_soon, overdue, "
            "escalation, awaiting_approval, revisit, follow_up_deadline, "
            "cabinet_target.",
        ),
        (["--limit", "-1"], "--limit must be a whole number of at least 1, not '-1'."),
        (["--limit", "0"], "--limit must be a whole number of at least 1, not '0'."),
        (["--limit", "x"], "--limit must be a whole number of at least 1, not 'x'."),
    ],
)
def test_bad_input_is_one_line_and_sends_nothing(world, police_due, args, message):
    with pytest.raises(CommandError) as error:
        send_reminders("--now", "2026-06-15", *args)
    assert str(error.value) == message
    assert "\n" not in str(error.value)
    assert mail.outbox == []
    assert Reminder.objects.count() == 0


def test_bad_input_exits_non_zero(world, police_due, capsys, monkeypatch):
    from django.core.management import ManagementUtility
    from django.db import connections

    # run_from_argv closes every connection when it ends, the test's included.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    utility = ManagementUtility(["manage.py", "send_reminders", "--rule", "unknown"])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code != 0
    assert "unknown rule 'unknown'" in capsys.readouterr().err
    assert mail.outbox == []


def test_failed_messages_make_the_command_fail(world, police_due, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    monkeypatch.setattr(
        EmailMultiAlternatives,
        "send",
        lambda self, *a, **k: (_ for _ in ()).throw(OSError("down")),
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 message\\(s\\) could not be sent"):
        call_command("send_reminders", "--now", "2026-06-15", stdout=out)
    assert "failed due_soon to police@example.govt.nz" in out.getvalue()
