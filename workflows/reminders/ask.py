"""Asking the agencies to respond to a cycle: one e-mail per agency, once.

Called by ``workflows.actions.ask_agencies`` (which checks who may). The
request is a notice of the ``response_requested`` rule per recommendation
and recipient, with the cycle as its period, recorded in the reminder log
before it is sent (``workflows.reminders.delivery``): a second request finds
every notice recorded and sends nothing, and recommendations added to the
cycle later are asked about in a new e-mail of their own.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator

from content_models.models import Agency, Recommendation

from ..models import Reminder, ReminderMessage, ResponseRequest
from . import delivery
from .recipients import Directory, Recipient
from .rules import Notice

RULE = Reminder.Rule.RESPONSE_REQUESTED


@dataclass
class AskResult:
    """What asking did, per agency code."""

    #: Agency code → the recommendations (``CYCLE/REF``) newly asked about.
    asked: dict[str, list[str]] = field(default_factory=dict)
    #: Agency codes asked before about every one of their recommendations.
    already_asked: list[str] = field(default_factory=list)
    #: Agency codes with neither a mailbox nor an active contributor.
    unreachable: list[str] = field(default_factory=list)
    #: Agency code → name, for the messages people read.
    names: dict[str, str] = field(default_factory=dict)
    #: The e-mails sent (addresses).
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def period_of(cycle) -> str:
    return f"cycle:{cycle.code}"


def _responsible(cycle) -> dict[int, list[Recommendation]]:
    """Agency pk → the cycle's recommendations it is responsible for."""
    result = defaultdict(list)
    recommendations = (
        Recommendation.objects.filter(cycle=cycle)
        .prefetch_related("responsible_agencies")
        .order_by("pk")
    )
    for recommendation in recommendations:
        for agency in recommendation.responsible_agencies.all():
            result[agency.pk].append(recommendation)
    return result


def _recipients(directory: Directory, agency_id) -> list[Recipient]:
    mailbox = directory.mailbox(agency_id)
    return [mailbox] if mailbox else list(directory.contributors(agency_id))


def _item(recommendation, agency) -> dict:
    return {
        "pk": recommendation.pk,
        "recommendation": recommendation.natural_key_label,
        "title": recommendation.title or Truncator(recommendation.text).chars(160),
        "cycle": recommendation.cycle.code,
        "agency": agency.code,
        "agency_name": agency.name,
    }


def ask(*, cycle, user, now: datetime.datetime, connection=None) -> AskResult:
    """Record and send the requests of ``cycle`` (see the module's doc)."""
    content_type = ContentType.objects.get_for_model(Recommendation)
    directory = Directory()
    result = AskResult()
    period = period_of(cycle)
    chosen: list[list[Notice]] = []
    asked_pairs = []
    responsible = _responsible(cycle)
    agencies = Agency.objects.in_bulk(list(responsible))
    for agency_id, recommendations in sorted(
        responsible.items(), key=lambda pair: agencies[pair[0]].code.lower()
    ):
        code = agencies[agency_id].code
        result.names[code] = agencies[agency_id].name
        recipients = _recipients(directory, agency_id)
        if not recipients:
            result.unreachable.append(code)
            continue
        known = delivery.recorded_keys(
            RULE,
            [
                Notice(RULE, recipient, content_type.pk, r.pk, period)
                for recipient in recipients
                for r in recommendations
            ],
        )
        for recipient in recipients:
            fresh = [
                Notice(
                    RULE,
                    recipient,
                    content_type.pk,
                    r.pk,
                    period,
                    _item(r, agencies[agency_id]),
                )
                for r in recommendations
            ]
            fresh = [notice for notice in fresh if notice.key not in known]
            if fresh:
                chosen.append(fresh)
        new = [
            r
            for r in recommendations
            if any(
                (RULE, content_type.pk, r.pk, recipient.address, period) not in known
                for recipient in recipients
            )
        ]
        if new:
            result.asked[code] = [r.natural_key_label for r in new]
        else:
            result.already_asked.append(code)
        asked_pairs.extend((r.pk, agency_id) for r in recommendations)

    with transaction.atomic():
        ResponseRequest.objects.bulk_create(
            [
                ResponseRequest(
                    recommendation_id=recommendation_id,
                    agency_id=agency_id,
                    requested_at=now,
                    requested_by=user,
                )
                for recommendation_id, agency_id in asked_pairs
            ],
            ignore_conflicts=True,
        )
    # Committed before sending, like the daily job: a crash after an e-mail
    # left cannot make the next request send it again.
    owned = delivery.record(chosen, now=now)
    pending = list(
        ReminderMessage.objects.filter(
            Q(rule=RULE, sent_at__isnull=True)
            & Q(reminders__period=period)
            & ~Q(pk__in=list(owned))
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    connection = connection or delivery.get_connection()
    for message_id in [*pending, *owned]:
        lines = owned.get(message_id)
        try:
            message = delivery.send_message(
                message_id, connection=connection, lines=lines
            )
        except Exception:  # noqa: BLE001 - stays pending, tried on the next request
            delivery.logger.exception("Request %s could not be sent", message_id)
            address = ReminderMessage.objects.get(pk=message_id).recipient
            result.failed.append(address)
            continue
        if message is not None:
            result.sent.append(message.recipient.address)
    return result
