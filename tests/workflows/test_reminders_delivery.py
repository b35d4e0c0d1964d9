"""Runs of the reminder job: record, then send, once; e-mail contents."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from content_models.models import DueDate
from workflows import actions, tasks
from workflows.models import Reminder, ReminderMessage
from workflows.reminders import delivery, rendering
from workflows.reminders.conf import get_settings

from ..factories import ActionFactory
from .reminders_support import (
    POLICE_PEOPLE,
    D,
    indicator_due,
    logged,
    make_police_due,
    nz,
    outbox_to,
    run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_due(world):
    return make_police_due(world)


def test_a_run_sends_one_message_per_recipient_and_rule(world, police_due):
    indicator_due(world.police_action, world.police, D(2026, 7, 10))

    result = run(nz(2026, 6, 15))

    assert outbox_to() == POLICE_PEOPLE  # two items, grouped: one e-mail each
    assert [message.status for message in result.messages] == ["sent", "sent"]
    assert {len(message.items) for message in result.messages} == {2}
    assert [row[:2] for row in logged()] == [
        ("due_soon", person) for person in POLICE_PEOPLE for _ in range(2)
    ]
    assert all(row[4] for row in logged())  # every row marked sent


def test_the_e_mail_has_title_due_date_and_a_link_to_write_the_report(
    world, police_due
):
    indicator = police_due.indicator
    run(nz(2026, 6, 15))

    message = next(m for m in mail.outbox if m.to == [POLICE_PEOPLE[0]])
    link = f"http://testserver/admin/reporting/due-dates/{police_due.pk}/write-report/"
    assert message.subject == (
        "[Human Rights Monitor] 1 progress report due in the next 30 days"
    )
    assert message.body.startswith("Kia ora police-contributor,")
    assert f"{indicator.reference} — {indicator.title}" in message.body
    assert "Due 1 July 2026 (in 16 days)" in message.body
    assert "Action ACT-POL-1" in message.body
    assert link in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    assert f'<a href="{link}">Write the report</a>' in html
    assert indicator.title in html
    mailbox = next(m for m in mail.outbox if m.to == [POLICE_PEOPLE[1]])
    assert mailbox.body.startswith("Kia ora,\n")
    assert "agency's reporting mailbox" in mailbox.body


def test_overdue_and_escalation_messages(world, police_due):
    run(nz(2026, 8, 5))  # 35 days overdue

    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        (
            "moj.manager@example.govt.nz",
            "[Human Rights Monitor] Escalation: 1 progress report overdue by more "
            "than 30 days",
        ),
        (POLICE_PEOPLE[0], "[Human Rights Monitor] 1 progress report is overdue"),
        (POLICE_PEOPLE[1], "[Human Rights Monitor] 1 progress report is overdue"),
    ]
    escalation = next(m for m in mail.outbox if m.to[0].startswith("moj"))
    assert "Was due 1 July 2026 (35 days overdue)" in escalation.body
    assert "responsible: Police" in escalation.body


def test_running_twice_sends_nothing_twice(world, police_due):
    first = run(nz(2026, 7, 2))
    assert len(mail.outbox) == 2
    before = logged()

    second = run(nz(2026, 7, 2, 15))
    third = run(nz(2026, 7, 5))

    assert len(mail.outbox) == 2
    assert second.messages == third.messages == []
    assert logged() == before
    assert len(first.messages) == 2


def test_weekly_overdue_reminders_until_reported(world, police_due):
    from .reminders_support import answer

    for day in range(2, 17):  # the daily job from 2 to 16 July
        run(nz(2026, 7, day), rules=["overdue"])
    assert len(mail.outbox) == 2 * 3  # 2, 9 and 16 July
    answer(police_due)
    run(nz(2026, 7, 23), rules=["overdue"])
    assert len(mail.outbox) == 6


def test_a_dry_run_records_and_sends_nothing(world, police_due):
    published = ActionFactory(reference="ACT-ANNUAL", lead_agency=world.police)
    type(published).objects.filter(pk=published.pk).update(
        first_published_at=nz(2025, 7, 1)
    )
    result = run(nz(2026, 6, 15), dry_run=True)

    assert [message.status for message in result.messages] == ["would send"] * 2
    assert result.annual_due_dates == (1, 0)  # computed, then rolled back
    assert mail.outbox == []
    assert Reminder.objects.count() == 0
    assert not DueDate.objects.filter(indicator__isnull=True).exists()


def test_the_limit_caps_messages_and_the_rest_follow(world, police_due):
    result = run(nz(2026, 6, 15), limit=1)
    assert [message.recipient.address for message in result.messages] == [
        POLICE_PEOPLE[0]
    ]
    assert outbox_to() == [POLICE_PEOPLE[0]]
    run(nz(2026, 6, 15), limit=1)
    assert outbox_to() == POLICE_PEOPLE
    assert run(nz(2026, 6, 15), limit=1).messages == []


def test_bad_arguments_change_nothing(world, police_due):
    with pytest.raises(ValueError, match="unknown rule nope; the rules are due_soon"):
        run(nz(2026, 6, 15), rules=["nope"])
    with pytest.raises(ValueError, match="at least 1"):
        run(nz(2026, 6, 15), limit=0)
    assert mail.outbox == []
    assert Reminder.objects.count() == 0


def test_a_failed_message_stays_pending_and_is_retried_once(
    world, police_due, monkeypatch
):
    real_send = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        if self.to == [POLICE_PEOPLE[1]]:
            raise ConnectionRefusedError("SMTP server down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    result = run(nz(2026, 6, 15))
    assert [(m.recipient.address, m.status) for m in result.messages] == [
        (POLICE_PEOPLE[0], "sent"),
        (POLICE_PEOPLE[1], "failed"),
    ]
    assert result.messages[1].error == "SMTP server down"
    assert outbox_to() == [POLICE_PEOPLE[0]]
    assert [row[4] for row in logged()] == [True, False]

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert run(nz(2026, 6, 15, 18)).messages == []  # same day: not retried
    retry = run(nz(2026, 6, 16))  # next daily run: retried
    assert [(m.recipient.address, m.status) for m in retry.messages] == [
        (POLICE_PEOPLE[1], "sent")
    ]
    assert outbox_to() == POLICE_PEOPLE
    run(nz(2026, 6, 17))
    assert outbox_to() == POLICE_PEOPLE


def test_pending_rows_are_not_retried_after_the_retry_window(
    world, police_due, monkeypatch
):
    monkeypatch.setattr(
        EmailMultiAlternatives,
        "send",
        lambda self, *a, **k: (_ for _ in ()).throw(OSError("down")),
    )
    run(nz(2026, 6, 15))
    monkeypatch.undo()
    assert run(nz(2026, 6, 19)).messages == []  # recorded 4 days ago: given up
    assert mail.outbox == []
    assert Reminder.objects.filter(message__sent_at__isnull=True).count() == 2


def test_a_run_that_loses_the_race_sends_nothing(world, police_due, monkeypatch):
    """Run A computes its notices; run B records and sends them first; then A
    records: the database refuses A's rows, and A sends nothing."""
    real_record = delivery.record
    state = {"raced": False}

    def record_after_a_rival(messages, *, now):
        if not state["raced"]:
            state["raced"] = True
            actions.send_due_reminders(now=now)  # run B, complete
        return real_record(messages, now=now)

    monkeypatch.setattr(delivery, "record", record_after_a_rival)
    result_a = run(nz(2026, 6, 15))

    assert result_a.messages == []
    assert outbox_to() == POLICE_PEOPLE  # B's messages, once each
    assert Reminder.objects.count() == 2
    assert ReminderMessage.objects.count() == 2  # A's empty messages are gone


def test_delivery_is_idempotent(world, police_due):
    run(nz(2026, 6, 15))
    ids = list(ReminderMessage.objects.values_list("pk", flat=True))
    assert delivery.deliver(ids) == []
    assert tasks.deliver_reminders(ids) == 0
    assert len(mail.outbox) == 2


def test_the_daily_task_queues_each_message_after_commit(
    world, police_due, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(nz(2026, 6, 15), tick=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        summary = tasks.send_daily_reminders()
    assert summary["messages"] == 2
    assert len(callbacks) == 2  # one delivery task per message
    assert outbox_to() == POLICE_PEOPLE  # the test cluster runs tasks in-process
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.send_daily_reminders()["messages"] == 0
    assert callbacks == []
    assert len(mail.outbox) == 2


def test_revisit_and_follow_up_messages_read_well(world):
    from content_models.models import Recommendation

    from ..factories import RecommendationFactory

    parked = RecommendationFactory(
        cycle=world.upr_recommendation.cycle,
        reference="122.2",
        title="Ratify the optional protocol",
        revisit_on=D(2026, 5, 1),
        no_action_reason="Waiting for the review.",
    )
    cycle = world.crc_recommendation.cycle
    cycle.follow_up_due_on = D(2026, 9, 29)
    cycle.save()
    Recommendation.objects.filter(pk=world.crc_recommendation.pk).update(follow_up=True)
    run(nz(2026, 7, 1), rules=["revisit", "follow_up_deadline"])

    by_subject = {(m.to[0], m.subject): m for m in mail.outbox}
    revisit = by_subject[
        (
            "moj.manager@example.govt.nz",
            "[Human Rights Monitor] 1 recommendation without an action to revisit",
        )
    ]
    assert "UPR-2024/122.2 — Ratify the optional protocol" in revisit.body
    assert "Parked until 1 May 2026 · reason given: Waiting for the review." in (
        revisit.body
    )
    edit = f"http://testserver/admin/snippets/content_models/recommendation/edit/{parked.pk}/"
    assert edit in revisit.body
    follow_up = by_subject[
        (
            "msd.manager@example.govt.nz",
            "[Human Rights Monitor] Follow-up report for CRC-2023 due on "
            "29 September 2026",
        )
    ]
    assert "due on 29 September 2026, in 90 days" in follow_up.body
    assert "CRC-2023/para 12" in follow_up.body
    assert "Action ACT-MSD-1" in follow_up.body
    assert "No published progress report yet." in follow_up.body
    assert sorted(m.to[0] for m in mail.outbox) == [
        "moj.manager@example.govt.nz",
        "moj@example.govt.nz",
        "msd.manager@example.govt.nz",
        "msd@example.govt.nz",
    ]


def test_the_query_count_does_not_grow_with_indicators_not_due(world, police_due):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_a_run():
        Reminder.objects.all().delete()
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            result = run(nz(2026, 6, 15))
        assert len(result.messages) == 2
        return len(queries)

    before = queries_of_a_run()
    for number in range(40):
        agency = (world.police, world.msd, world.moj)[number % 3]
        action = (world.police_action, world.msd_action)[number % 2]
        indicator_due(action, agency, D(2027, 1, 1 + number % 28))
    assert queries_of_a_run() == before


def test_several_overdue_reports_of_one_indicator_make_one_entry(world):
    indicator, first = indicator_due(world.police_action, world.police, D(2026, 4, 1))
    for month in (5, 6):
        DueDate.objects.create(
            action=world.police_action, indicator=indicator, date=D(2026, month, 1)
        )
    run(nz(2026, 6, 10), rules=["overdue"])

    message = next(m for m in mail.outbox if m.to == [POLICE_PEOPLE[0]])
    assert message.subject == "[Human Rights Monitor] 3 progress reports are overdue"
    assert message.body.count(indicator.title) == 1
    assert (
        "3 reports overdue, due 1 Apr 2026, 1 May 2026, 1 Jun 2026 "
        "(the oldest 70 days overdue)"
    ) in message.body
    assert (
        "Write the oldest report: http://testserver/admin/reporting/due-dates/"
        f"{first.pk}/write-report/"
    ) in message.body


def test_recipients_of_the_same_notices_share_their_entries_rendering(
    world, police_due
):
    indicator_due(world.police_action, world.police, D(2026, 7, 10))
    run(nz(2026, 6, 15))
    sent = {m.to[0]: (m.subject, m.body, m.alternatives[0][0]) for m in mail.outbox}

    # Each message rendered again on its own, from the log: the same e-mail.
    alone = {}
    for message in ReminderMessage.objects.all():
        lines = delivery._lines(Reminder.objects.filter(message=message))
        email = delivery.build_email(lines, user=delivery._user_of(lines))
        alone[message.recipient] = (email.subject, email.body, email.alternatives[0][0])
    assert sent == alone
    assert sorted(sent) == POLICE_PEOPLE
    assert "IND-" in sent[POLICE_PEOPLE[0]][1]

    # Within a run the entries of the same item objects are rendered once;
    # rows read from the log (other objects) are rendered for themselves.
    config = get_settings()
    contributor, mailbox = (
        delivery._lines(Reminder.objects.filter(recipient=address))
        for address in POLICE_PEOPLE
    )
    # The contributor's rows with the mailbox's item objects, as a run has them.
    copies = [line._replace(item=mailbox[n].item) for n, line in enumerate(contributor)]
    with rendering.shared_entries():
        first = rendering.due_entries(contributor, config)
        assert rendering.due_entries(contributor, config)[3] is first[3]
        assert rendering.due_entries(mailbox, config)[3] is not first[3]
        assert (
            rendering.due_entries(copies, config)[3]
            is (rendering.due_entries(mailbox, config)[3])
        )
        assert rendering.due_entries(mailbox, config)[3] == first[3]
        with translation.override("fr"):  # another language: rendered again
            assert rendering.due_entries(contributor, config)[3] is not first[3]
    assert rendering.due_entries(contributor, config)[3] is not first[3]
