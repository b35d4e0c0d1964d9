"""Record, then send: how a reminder is given exactly once.

A run asks the rules for their notices, records the new ones in the
``Reminder`` log and only then sends them, grouped into one message per
recipient and rule.

Why record first, and how two runs at once stay apart
-----------------------------------------------------
The log has a unique constraint on (rule, object, recipient, period). A run
inserts its notices with ``bulk_create(ignore_conflicts=True)`` (PostgreSQL:
``INSERT … ON CONFLICT DO NOTHING``; SQLite: ``INSERT OR IGNORE``), every row
stamped with the run's own random ``token``, and commits. Then it reads back
the rows carrying its token: exactly the rows *it* inserted. When two workers
run at the same moment, PostgreSQL makes the second insert of a key wait for
the first transaction and then skip the row, so each key belongs to one run
only and each run sends only what it owns; SQLite takes a database-wide write
lock with the same result. Neither a second run the same day nor a
concurrent one can send a notice again. The alternatives were worse: checking
"already sent?" before sending races between the check and the insert; a
global lock (``pg_advisory_lock``) serialises runs but exists only on
PostgreSQL and does not protect a run started by hand on another machine.

Sending is guarded the same way. ``deliver()`` marks a message's rows sent
(``UPDATE … SET sent_at WHERE sent_at IS NULL``) in a transaction, sends the
e-mail and commits. A second delivery of the same rows waits for that
transaction and then finds nothing left to send; if sending fails the
transaction rolls back and the rows stay pending. Pending rows are offered
again by the daily runs of the next ``RETRY_DAYS`` days, then left in the log
as never sent. A process killed between the e-mail leaving and the commit
sends that one message again on retry: at least once is the better failure
for a prompt than never.
"""

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from ..models import Reminder
from .conf import ReminderSettings
from .recipients import Recipient
from .rendering import render_message
from .rules import Notice

logger = logging.getLogger(__name__)

DELIVERY_TASK = "workflows.tasks.deliver_reminders"


class Status:
    WOULD_SEND = "would send"
    SENT = "sent"
    QUEUED = "queued"
    FAILED = "failed"
    ALREADY_SENT = "already sent"


@dataclass
class Message:
    """One e-mail: a rule's notices for one recipient."""

    rule: str
    recipient: Recipient
    items: list[dict] = field(default_factory=list)
    reminder_ids: list[int] = field(default_factory=list)
    status: str = Status.WOULD_SEND
    error: str = ""


@dataclass
class ReminderRun:
    """What one run did (or, in a dry run, would do)."""

    now: datetime.datetime
    dry_run: bool
    rules: list[str]
    messages: list[Message] = field(default_factory=list)
    annual_due_dates: tuple[int, int] = (0, 0)

    def count(self, status) -> int:
        return sum(message.status == status for message in self.messages)

    @property
    def failed(self) -> list[Message]:
        return [message for message in self.messages if message.status == Status.FAILED]


def group(notices: Iterable[Notice]) -> list[Message]:
    """One message per (rule, recipient), in the order the notices came."""
    messages = {}
    for notice in notices:
        key = (notice.rule, notice.recipient.address)
        if key not in messages:
            messages[key] = Message(rule=notice.rule, recipient=notice.recipient)
        messages[key].items.append(notice.item)
    return list(messages.values())


def recorded_keys(rule: str, notices: list[Notice]) -> set[tuple]:
    """The keys among ``notices`` that the log already holds (one query)."""
    if not notices:
        return set()
    periods = {notice.period for notice in notices}
    return set(
        Reminder.objects.filter(rule=rule, period__in=periods).values_list(
            "rule", "content_type_id", "object_id", "recipient", "period"
        )
    )


def record(notices: list[Notice], *, now: datetime.datetime) -> uuid.UUID:
    """Insert ``notices`` into the log; return the token of the rows inserted.

    Rows another run recorded first are skipped by the database, so the rows
    carrying the returned token are exactly the ones this call may send.
    """
    token = uuid.uuid4()
    rows = [
        Reminder(
            rule=notice.rule,
            content_type_id=notice.content_type_id,
            object_id=notice.object_id,
            recipient=notice.recipient.address,
            user_id=notice.recipient.user_id,
            period=notice.period,
            item=notice.item,
            token=token,
            recorded_at=now,
        )
        for notice in notices
    ]
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return token


def pending_before(
    today_start: datetime.datetime, *, rules, config: ReminderSettings
) -> dict[tuple, list[int]]:
    """Unsent rows of earlier days (within ``RETRY_DAYS``), by (rule, address)."""
    since = today_start - datetime.timedelta(days=config.retry_days)
    groups = {}
    for pk, rule, address in (
        Reminder.objects.filter(
            sent_at__isnull=True,
            rule__in=rules,
            recorded_at__gte=since,
            recorded_at__lt=today_start,
        )
        .order_by("pk")
        .values_list("pk", "rule", "recipient")
    ):
        groups.setdefault((rule, address), []).append(pk)
    return groups


def deliver(reminder_ids: list[int], *, connection=None) -> list[Message]:
    """Send the still-unsent rows among ``reminder_ids``; safe to call twice.

    The rows make one message per (rule, recipient) — normally
    ``reminder_ids`` are one message already — each sent in its own
    transaction. Returns the messages sent; a message that fails raises, its
    rows left unsent (messages sent before it stay sent).
    """
    groups = {}
    for pk, rule, address in (
        Reminder.objects.filter(pk__in=list(reminder_ids), sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "rule", "recipient")
    ):
        groups.setdefault((rule, address), []).append(pk)
    connection = connection or get_connection()
    sent = []
    for ids in groups.values():
        message = _send_one(ids, connection=connection)
        if message is not None:
            sent.append(message)
    return sent


def _send_one(ids, *, connection) -> Message | None:
    token = uuid.uuid4()
    with transaction.atomic():
        # Row locks (PostgreSQL) or the write lock (SQLite) are held until the
        # e-mail is out: a concurrent delivery waits, then finds them sent.
        claimed = Reminder.objects.filter(pk__in=ids, sent_at__isnull=True).update(
            sent_at=timezone.now(), token=token
        )
        if not claimed:
            return None
        rows = list(
            Reminder.objects.filter(token=token).select_related("user").order_by("pk")
        )
        rule, address = rows[0].rule, rows[0].recipient
        build_email(rule, address, rows, connection=connection).send()
    return _message_of(rule, address, rows, Status.SENT)


def build_email(rule, address, rows, *, connection=None) -> EmailMultiAlternatives:
    user = next((row.user for row in rows if row.user_id), None)
    subject, text, html = render_message(rule=rule, rows=rows, user=user)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    email.attach_alternative(html, "text/html")
    return email


def _message_of(rule, address, rows, status) -> Message:
    user = next((row.user for row in rows if row.user_id), None)
    recipient = Recipient(
        address=address,
        user_id=user.pk if user else None,
        name=(user.get_full_name() or user.get_username()) if user else "",
    )
    return Message(
        rule=rule,
        recipient=recipient,
        items=[row.item for row in rows],
        reminder_ids=[row.pk for row in rows],
        status=status,
    )


def run(
    *,
    now: datetime.datetime,
    rules: dict,
    config: ReminderSettings,
    context,
    dry_run: bool = False,
    limit: int | None = None,
    queue_delivery: bool = False,
) -> ReminderRun:
    """Apply ``rules`` at ``now``: record the new notices, then send them.

    ``limit`` caps the number of messages (new ones and retries of earlier
    days); what does not fit waits for the next run. ``queue_delivery`` hands
    each message to the task cluster (``workflows.tasks.deliver_reminders``,
    queued when the log rows are committed) instead of sending it here.
    """
    result = ReminderRun(now=now, dry_run=dry_run, rules=list(rules))
    today_start = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    retries = pending_before(today_start, rules=list(rules), config=config)
    planned = set()
    for key in retries:
        if limit is not None and len(planned) >= limit:
            break
        planned.add(key)
    retries = {key: ids for key, ids in retries.items() if key in planned}

    chosen: list[Notice] = []
    for name, rule in rules.items():
        notices = rule(now=now, config=config, context=context)
        known = recorded_keys(name, notices)
        by_recipient: dict[tuple, list[Notice]] = {}
        for notice in notices:
            if notice.key not in known:
                key = (notice.rule, notice.recipient.address)
                by_recipient.setdefault(key, []).append(notice)
        for key, fresh in by_recipient.items():
            if key not in planned:
                if limit is not None and len(planned) >= limit:
                    continue
                planned.add(key)
            chosen.extend(fresh)

    if dry_run:
        result.messages = group(chosen)
        for (rule, address), ids in retries.items():
            rows = list(Reminder.objects.filter(pk__in=ids).select_related("user"))
            result.messages.append(_message_of(rule, address, rows, Status.WOULD_SEND))
        return result

    token = record(chosen, now=now)
    owned = {}
    for pk, rule, address in (
        Reminder.objects.filter(token=token)
        .order_by("pk")
        .values_list("pk", "rule", "recipient")
    ):
        owned.setdefault((rule, address), []).append(pk)
    for key, ids in retries.items():
        owned.setdefault(key, []).extend(ids)

    order = {name: index for index, name in enumerate(rules)}
    connection = None if queue_delivery else get_connection()
    for (rule, address), ids in sorted(
        owned.items(), key=lambda entry: (order[entry[0][0]], entry[0][1])
    ):
        if queue_delivery:
            transaction.on_commit(partial(_queue, ids))
            rows = list(Reminder.objects.filter(pk__in=ids).select_related("user"))
            result.messages.append(_message_of(rule, address, rows, Status.QUEUED))
            continue
        try:
            sent = deliver(ids, connection=connection)
        except Exception as error:  # noqa: BLE001 - one bad message must not stop the rest
            logger.exception("Reminder %s to %s could not be sent", rule, address)
            rows = list(Reminder.objects.filter(pk__in=ids).select_related("user"))
            message = _message_of(rule, address, rows, Status.FAILED)
            message.error = str(error) or error.__class__.__name__
            result.messages.append(message)
            continue
        result.messages.extend(sent)
    return result


def _queue(ids):
    from django_q.tasks import async_task

    async_task(DELIVERY_TASK, ids)
