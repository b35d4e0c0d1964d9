"""Helpers of the reminder tests: fixed moments in Auckland, due dates, runs."""

import datetime
import zoneinfo

from django.core import mail

from content_models.models import DueDate
from workflows.actions import send_due_reminders
from workflows.models import Reminder
from workflows.reminders.conf import get_settings
from workflows.reminders.rules import RULES, RunContext

from ..factories import IndicatorFactory, ProgressReportFactory

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
D = datetime.date


def nz(year, month, day, hour=7, minute=0) -> datetime.datetime:
    """A moment in Auckland (07:00 by default, when the daily job runs)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AUCKLAND)


def utc(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def notices(rule, now, **overrides):
    """What ``rule`` says at ``now``, without recording or sending anything."""
    return RULES[rule](now=now, config=get_settings(**overrides), context=RunContext())


def said(rule, now, **overrides):
    """``(recipient, object id, period)`` of a rule's notices, sorted."""
    return sorted(
        (notice.recipient.address, notice.object_id, notice.period)
        for notice in notices(rule, now, **overrides)
    )


def run(now, **kwargs):
    """A real run at ``now`` (records and sends); returns the run."""
    return send_due_reminders(now=now, **kwargs)


def outbox_to():
    return sorted(message.to[0] for message in mail.outbox)


def logged():
    """``(rule, recipient, object id, period, sent?)`` of the log, sorted."""
    return sorted(
        (
            row.rule,
            row.recipient,
            row.object_id,
            row.period,
            row.message.sent_at is not None,
        )
        for row in Reminder.objects.select_related("message")
    )


def due_date(action, day, indicator=None) -> DueDate:
    return DueDate.objects.create(action=action, indicator=indicator, date=day)


def indicator_due(action, agency, day, **fields):
    """A live indicator of ``action`` that ``agency`` reports on, due on ``day``."""
    indicator = IndicatorFactory(action=action, responsible_agency=agency, **fields)
    return indicator, due_date(action, day, indicator)


def answer(due, **fields):
    """A published progress report answering ``due``."""
    return ProgressReportFactory(
        action=due.action, indicator=due.indicator, due_date=due, live=True, **fields
    )


def make_police_due(world):
    """A Police indicator of the Police action, due on 1 July 2026 (the
    ``police_due`` fixture of the reminder tests)."""
    indicator, due = indicator_due(world.police_action, world.police, D(2026, 7, 1))
    return due


POLICE_PEOPLE = ["police-contributor@example.govt.nz", "police@example.govt.nz"]
