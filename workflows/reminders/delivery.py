"""Record, then send: how a reminder is given exactly once.

A run asks the rules for their notices, records the new ones in the log —
one ``Reminder`` row per notice, one ``ReminderMessage`` per e-mail (a rule's
notices for one recipient) — and only then sends the messages.

Why record first, and how two runs at once stay apart
-----------------------------------------------------
The log has a unique constraint on (rule, object, recipient, period). A run
creates its messages, inserts their notices with ``ON CONFLICT DO NOTHING``
(SQLite: ``INSERT OR IGNORE``) and commits; then it reads back which rows of
its messages exist: exactly the notices *it* inserted. When two workers run
at the same moment, PostgreSQL makes the second insert of a key wait for the
first transaction and then skip the row, so each notice belongs to one run
only and each run sends only what it owns (a message left empty is deleted);
SQLite takes a database-wide write lock with the same result. Neither a
second run the same day nor a concurrent one can send a notice again. The
alternatives were worse: checking "already sent?" before sending races
between the check and the insert; a global lock (``pg_advisory_lock``)
serialises runs but exists only on PostgreSQL and does not protect a run
started by hand on another machine.

Sending is guarded the same way, per message: ``UPDATE … SET sent_at WHERE
sent_at IS NULL`` on the message, then the e-mail, then commit. A second
delivery of the same message waits for that transaction and then finds it
sent; if sending fails the transaction rolls back and the message stays
pending. Pending messages are offered again by the daily runs of the next
``RETRY_DAYS`` days, then left in the log as never sent. A process killed
between the e-mail leaving and the commit sends that one message again on
retry: at least once is the better failure for a prompt than never. (Marking
one message row, not each of its notices, keeps a busy day's writes to what
the log must hold.)
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from ..models import Reminder, ReminderMessage
from . import store
from .conf import ReminderSettings
from .recipients import Recipient
from .rendering import render_message, shared_entries
from .rules import Notice
from .store import recorded_keys

logger = logging.getLogger(__name__)

DELIVERY_TASK = "workflows.tasks.deliver_reminders"


class Status:
    WOULD_SEND = "would send"
    SENT = "sent"
    QUEUED = "queued"
    FAILED = "failed"


@dataclass
class Message:
    """One e-mail: a rule's notices for one recipient."""

    rule: str
    recipient: Recipient
    items: list[dict] = field(default_factory=list)
    message_id: int | None = None
    status: str = Status.WOULD_SEND
    error: str = ""
    #: ``(content type id, object id)`` of each item, when built from notices
    #: (the reminders screen shows each manager the items of their bodies).
    objects: list[tuple[int, int]] = field(default_factory=list)


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


class Line(NamedTuple):
    """What an e-mail needs of one log row (a tuple: a busy day makes tens of
    thousands)."""

    pk: int
    rule: str
    recipient: str
    object_id: int
    item: dict
    recorded_at: datetime.datetime
    user_id: int | None


LINE_FIELDS = (
    "pk",
    "rule",
    "recipient",
    "object_id",
    "item",
    "recorded_at",
    "message__user_id",
)


def _lines(queryset) -> list[Line]:
    return [
        Line(*values) for values in queryset.order_by("pk").values_list(*LINE_FIELDS)
    ]


def group(notices: Iterable[Notice]) -> list[Message]:
    """One message per (rule, recipient), in the order the notices came."""
    messages = {}
    for notice in notices:
        key = (notice.rule, notice.recipient.address)
        if key not in messages:
            messages[key] = Message(rule=notice.rule, recipient=notice.recipient)
        messages[key].items.append(notice.item)
        messages[key].objects.append((notice.content_type_id, notice.object_id))
    return list(messages.values())


def record(
    messages: list[list[Notice]], *, now: datetime.datetime
) -> dict[int, list[Line]]:
    """Record ``messages`` (each a list of one recipient's notices of one rule).

    Returns message pk → the lines this call inserted. Notices another run
    recorded first are skipped by the database; a message left without any
    is deleted. Everything is committed before this returns.
    """
    if not messages:
        return {}
    with transaction.atomic():
        rows = ReminderMessage.objects.bulk_create(
            [
                ReminderMessage(
                    rule=notices[0].rule,
                    recipient=notices[0].recipient.address,
                    user_id=notices[0].recipient.user_id,
                    created_at=now,
                )
                for notices in messages
            ]
        )
        pairs = [
            (pk, notice)
            for pk, notices in zip([row.pk for row in rows], messages, strict=True)
            for notice in notices
        ]
        if store.can_copy():
            inserted = store.insert_copy(pairs, now=now)
        else:
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        message_id=message_id,
                        rule=notice.rule,
                        content_type_id=notice.content_type_id,
                        object_id=notice.object_id,
                        recipient=notice.recipient.address,
                        period=notice.period,
                        item=notice.item,
                        recorded_at=now,
                    )
                    for message_id, notice in pairs
                ],
                batch_size=2000,
                ignore_conflicts=True,
            )
            inserted = (
                Reminder.objects.filter(message_id__in=[row.pk for row in rows])
                .order_by("pk")
                .values_list("pk", *store.KEY_FIELDS)
            )
        # Within a message (one rule, one recipient) a notice is known by its
        # object and period.
        notices_by_key = {
            (message_id, notice.content_type_id, notice.object_id, notice.period): (
                notice
            )
            for message_id, notice in pairs
        }
        owned = {}
        for pk, *key in inserted:
            notice = notices_by_key[tuple(key)]
            lines = owned.get(key[0])
            if lines is None:
                lines = owned[key[0]] = []
            recipient = notice.recipient
            lines.append(
                Line(
                    pk,
                    notice.rule,
                    recipient.address,
                    notice.object_id,
                    notice.item,
                    now,
                    recipient.user_id,
                )
            )
        empty = [row.pk for row in rows if row.pk not in owned]
        if empty:
            ReminderMessage.objects.filter(pk__in=empty).delete()
    return owned


def pending_before(
    today_start: datetime.datetime, *, rules, config: ReminderSettings
) -> list[int]:
    """Unsent messages of earlier days (within ``RETRY_DAYS``), oldest first."""
    since = today_start - datetime.timedelta(days=config.retry_days)
    return list(
        ReminderMessage.objects.filter(
            sent_at__isnull=True,
            rule__in=rules,
            created_at__gte=since,
            created_at__lt=today_start,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def deliver(message_ids, *, connection=None) -> list[Message]:
    """Send the messages ``message_ids`` that are not sent yet; safe to repeat.

    Each in its own transaction. Returns the messages sent; a message that
    fails raises, and stays unsent (messages sent before it stay sent).
    """
    connection = connection or get_connection()
    sent = []
    for message_id in message_ids:
        message = send_message(message_id, connection=connection)
        if message is not None:
            sent.append(message)
    return sent


def send_message(
    message_id, *, connection, lines: list[Line] | None = None, users=None
):
    """Mark the message sent and send it, in one transaction.

    ``lines`` are its notices as the calling run recorded them (saves reading
    them back), ``users`` the recipients' accounts by id when the caller read
    them already. Returns ``None`` when the message was sent already.
    """
    with transaction.atomic():
        # The row lock (PostgreSQL) or the write lock (SQLite) is held until
        # the e-mail is out: a concurrent delivery waits, then finds it sent.
        claimed = ReminderMessage.objects.filter(
            pk=message_id, sent_at__isnull=True
        ).update(sent_at=timezone.now())
        if not claimed:
            return None
        if lines is None:
            lines = _lines(Reminder.objects.filter(message_id=message_id))
        user = _user_of(lines, users)
        build_email(lines, user=user, connection=connection).send()
    return _message_of(message_id, lines, Status.SENT, user=user)


def _user_of(lines, users=None):
    user_id = next((line.user_id for line in lines if line.user_id), None)
    if user_id is None:
        return None
    if users is not None:
        return users.get(user_id)
    return get_user_model().objects.filter(pk=user_id).first()


def build_email(lines, *, user=None, connection=None) -> EmailMultiAlternatives:
    rule, address = lines[0].rule, lines[0].recipient
    subject, text, html = render_message(rule=rule, rows=lines, user=user)
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


def _message_of(message_id, lines, status, *, user=None) -> Message:
    recipient = Recipient(
        address=lines[0].recipient,
        user_id=user.pk if user else None,
        name=(user.get_full_name() or user.get_username()) if user else "",
    )
    return Message(
        rule=lines[0].rule,
        recipient=recipient,
        items=[line.item for line in lines],
        message_id=message_id,
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

    ``limit`` caps the number of messages (retries of earlier days first);
    what does not fit waits for the next run. ``queue_delivery`` hands each
    message to the task cluster (``workflows.tasks.deliver_reminders``, queued
    once the log is committed) instead of sending it here.
    """
    result = ReminderRun(now=now, dry_run=dry_run, rules=list(rules))
    today_start = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    retries = pending_before(today_start, rules=list(rules), config=config)
    if limit is not None:
        retries = retries[:limit]
    room = None if limit is None else limit - len(retries)

    chosen: list[list[Notice]] = []
    for name, rule in rules.items():
        notices = rule(now=now, config=config, context=context)
        known = recorded_keys(name, notices)
        by_recipient: dict[str, list[Notice]] = {}
        for notice in notices:
            if notice.key not in known:
                by_recipient.setdefault(notice.recipient.address, []).append(notice)
        for fresh in by_recipient.values():
            if room is not None:
                if room <= 0:
                    break
                room -= 1
            chosen.append(fresh)

    if dry_run:
        result.messages = [group(notices)[0] for notices in chosen]
        for message_id in retries:
            lines = _lines(Reminder.objects.filter(message_id=message_id))
            result.messages.append(
                _message_of(message_id, lines, Status.WOULD_SEND, user=_user_of(lines))
            )
        return result

    owned = record(chosen, now=now)
    connection = None if queue_delivery else get_connection()
    # The accounts of this run's recipients, in one query (retries read theirs).
    users = (
        {}
        if queue_delivery
        else get_user_model().objects.in_bulk(
            {lines[0].user_id for lines in owned.values() if lines[0].user_id}
        )
    )
    # Recipients told about the same notices share their entries' rendering.
    with shared_entries():
        for message_id in [*retries, *owned]:
            lines = owned.get(message_id)
            if queue_delivery:
                transaction.on_commit(partial(_queue, message_id))
                if lines is None:
                    lines = _lines(Reminder.objects.filter(message_id=message_id))
                result.messages.append(_message_of(message_id, lines, Status.QUEUED))
                continue
            try:
                message = send_message(
                    message_id,
                    connection=connection,
                    lines=lines,
                    users=users if lines is not None else None,
                )
            except Exception as error:  # noqa: BLE001 - one bad message must not stop the rest
                lines = lines or _lines(Reminder.objects.filter(message_id=message_id))
                logger.exception(
                    "Reminder %s to %s could not be sent",
                    lines[0].rule,
                    lines[0].recipient,
                )
                message = _message_of(
                    message_id, lines, Status.FAILED, user=_user_of(lines)
                )
                message.error = str(error) or error.__class__.__name__
            if message is not None:
                result.messages.append(message)
    return result


def _queue(message_id):
    from django_q.tasks import async_task

    async_task(DELIVERY_TASK, [message_id])
