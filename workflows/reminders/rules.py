"""The reminder rules: who is told about what, and when.

Each rule is a small function ``rule(*, now, config, context)`` that reads
the database and returns the notices it would give at ``now`` — one per
object, recipient and *period* (the occurrence of the reminder: the due date
for a prompt, the week of an overdue report, the day of a digest…). The rules
never write and never send; ``workflows.reminders.delivery`` records each
notice once and sends it. Dates are calendar days in the site's time zone
(Pacific/Auckland): a report due on 1 July is overdue from 2 July 00:00 in
Auckland, whatever the server's clock says.

Only published content produces reminders: live actions that are not
completed, live indicators (due dates without an indicator are an action's
12-month fallback), live recommendations. A due date is answered — and
silent — once a published progress report points at it.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import Truncator
from wagtail.models import TaskState

from content_models.models import (
    DueDate,
    ProgressReport,
    Recommendation,
)

from ..actions import today_in_site_time_zone
from ..models import LeadAgencyApprovalTask, Reminder
from .conf import ReminderSettings
from .cycle_rules import cabinet_target, follow_up_deadline
from .notice import Notice
from .queries import RunContext
from .recipients import lead_agency_ids_of_actions

Rule = Reminder.Rule


def _due_date_item(row, agencies, people) -> dict:
    return {
        "indicator": row["indicator__reference"] or "",
        "title": row["indicator__title"] or "",
        "action": row["action__reference"],
        "action_title": row["action__title"],
        "date": row["date"].isoformat(),
        "agencies": sorted(people.codes.get(agency, "") for agency in agencies),
    }


def _due_date_notices(rule, *, context, config, today, keep, period, to_leads=False):
    """Notices about the owed due dates for which ``keep(date)`` is true.

    Sent to the responsible agencies' contributors and mailboxes, or with
    ``to_leads`` to the lead agency managers of the action's body.
    """
    content_type = ContentType.objects.get_for_model(DueDate)
    window_end = today + datetime.timedelta(config.due_soon_days)
    rows, responsible = context.owed(today=today, until=max(window_end, today))
    rows = [row for row in rows if keep(row["date"])]
    people = context.people
    leads = (
        lead_agency_ids_of_actions(row["action_id"] for row in rows) if to_leads else {}
    )
    # Rows with the same agencies have the same recipients: worked out once
    # per set of agencies, not once per row.
    recipients_of = {}
    notices = []
    for row in rows:
        agencies = responsible[row["pk"]]
        if to_leads:
            group = tuple(sorted(leads.get(row["action_id"], ())))
        else:
            group = tuple(sorted(agencies))
        recipients = recipients_of.get(group)
        if recipients is None:
            recipients = recipients_of[group] = _unique(
                [
                    person
                    for agency in group
                    for person in (
                        people.lead_agency(agency, mailbox=False)
                        if to_leads
                        else people.agency_people(agency)
                    )
                ]
            )
        if not recipients:
            continue
        item = _due_date_item(row, agencies, people)
        key = period(row["date"])
        for recipient in recipients:
            notices.append(
                Notice(rule, recipient, content_type.pk, row["pk"], key, item)
            )
    return notices


def due_soon(*, now, config: ReminderSettings, context: RunContext):
    """A report falls due within ``DUE_SOON_DAYS`` days (today included).

    Once per due date, to the responsible agency's contributors and mailbox;
    a due date that enters the window late (a new indicator) is prompted on
    the next run.
    """
    today = today_in_site_time_zone(now)
    last = today + datetime.timedelta(config.due_soon_days)
    return _due_date_notices(
        Rule.DUE_SOON,
        context=context,
        config=config,
        today=today,
        keep=lambda day: today <= day <= last,
        period=lambda day: day.isoformat(),
    )


def overdue_week(due_on: datetime.date, today: datetime.date) -> int:
    """1 for the first seven days after ``due_on``, 2 for the next seven…"""
    return ((today - due_on).days - 1) // 7 + 1


def overdue(*, now, config: ReminderSettings, context: RunContext):
    """An unanswered report: the day after its due date, then every 7 days.

    To the same people as the prompt, until a published report answers it.
    """
    today = today_in_site_time_zone(now)
    return _due_date_notices(
        Rule.OVERDUE,
        context=context,
        config=config,
        today=today,
        keep=lambda day: day < today,
        period=lambda day: f"{day.isoformat()}/week-{overdue_week(day, today)}",
    )


def escalation(*, now, config: ReminderSettings, context: RunContext):
    """A report overdue by more than ``ESCALATE_AFTER_DAYS`` days.

    Once per due date, to the lead agency managers of the action's body.
    """
    today = today_in_site_time_zone(now)
    cutoff = today - datetime.timedelta(config.escalate_after_days)
    return _due_date_notices(
        Rule.ESCALATION,
        context=context,
        config=config,
        today=today,
        keep=lambda day: day < cutoff,
        period=lambda day: day.isoformat(),
        to_leads=True,
    )


def awaiting_approval(*, now, config: ReminderSettings, context: RunContext):
    """A daily digest of the progress reports waiting for a lead agency manager.

    Reports in the lead agency approval task, to the managers who may approve
    them (the lead agency of the action's body); one period per day.
    """
    today = today_in_site_time_zone(now)
    report_type = ContentType.objects.get_for_model(ProgressReport)
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        task__content_type=ContentType.objects.get_for_model(LeadAgencyApprovalTask),
        workflow_state__base_content_type=report_type,
    ).values_list(
        "workflow_state__object_id",
        "started_at",
        "workflow_state__requested_by__username",
    )
    submitted = {int(object_id): (started, by) for object_id, started, by in states}
    if not submitted:
        return []
    reports = ProgressReport.objects.filter(pk__in=list(submitted))
    leads = lead_agency_ids_of_actions(reports.values_list("action_id", flat=True))
    notices = []
    for row in reports.order_by("pk").values(
        "pk",
        "title",
        "action_id",
        "action__reference",
        "action__title",
        "due_date__date",
    ):
        started, by = submitted[row["pk"]]
        item = {
            "title": row["title"],
            "action": row["action__reference"],
            "action_title": row["action__title"],
            "date": row["due_date__date"].isoformat()
            if row["due_date__date"]
            else None,
            "submitted_on": today_in_site_time_zone(started).isoformat(),
            "submitted_by": by or "",
        }
        recipients = [
            person
            for agency in sorted(leads.get(row["action_id"], ()))
            for person in context.people.lead_agency(agency, mailbox=False)
        ]
        for recipient in _unique(recipients):
            notices.append(
                Notice(
                    Rule.AWAITING_APPROVAL,
                    recipient,
                    report_type.pk,
                    row["pk"],
                    today.isoformat(),
                    item,
                )
            )
    return notices


def revisit_period(anchor: datetime.date, today: datetime.date) -> datetime.date | None:
    """The latest of ``anchor``, ``anchor`` + 1 year, + 2 years… that has come."""
    if anchor > today:
        return None
    years = relativedelta(today, anchor).years
    return anchor + relativedelta(years=years)


def revisit(*, now, config: ReminderSettings, context: RunContext):
    """Recommendations of current cycles that no published action answers.

    When their ``revisit_on`` has come — or, without one, a year after their
    cycle was received — and again every year after that until an action is
    published or a new revisit date is set; to the lead agency (managers and
    mailbox) of the cycle's body. Recommendations of older cycles are left
    alone: the body's latest examination supersedes them.
    """
    today = today_in_site_time_zone(now)
    content_type = ContentType.objects.get_for_model(Recommendation)
    received_by = today - relativedelta(years=1) + datetime.timedelta(days=1)
    recommendations = (
        Recommendation.objects.live()
        .current()
        .without_live_action()
        .filter(
            Q(revisit_on__lte=today)
            | Q(revisit_on__isnull=True, cycle__received_on__lte=received_by)
        )
        .exclude(cycle__body__lead_agency__isnull=True)
        .order_by("cycle__code", "reference", "pk")
        .values(
            "pk",
            "reference",
            "title",
            "text",
            "revisit_on",
            "no_action_reason",
            "cycle__code",
            "cycle__received_on",
            "cycle__body__lead_agency_id",
        )
    )
    notices = []
    for row in recommendations:
        anchor = row["revisit_on"] or row["cycle__received_on"] + relativedelta(years=1)
        period = revisit_period(anchor, today)
        if period is None:
            continue
        item = {
            "recommendation": f"{row['cycle__code']}/{row['reference']}",
            "title": row["title"] or Truncator(row["text"]).chars(120),
            "date": period.isoformat(),
            "parked": bool(row["revisit_on"]),
            "reason": Truncator(row["no_action_reason"]).chars(200),
        }
        lead = row["cycle__body__lead_agency_id"]
        for recipient in context.people.lead_agency(lead, mailbox=True):
            notices.append(
                Notice(
                    Rule.REVISIT,
                    recipient,
                    content_type.pk,
                    row["pk"],
                    period.isoformat(),
                    item,
                )
            )
    return notices


def _unique(recipients):
    seen, result = set(), []
    for recipient in recipients:
        if recipient.address not in seen:
            seen.add(recipient.address)
            result.append(recipient)
    return result


#: The rules by name, in the order a run applies them.
RULES = {
    Rule.DUE_SOON.value: due_soon,
    Rule.OVERDUE.value: overdue,
    Rule.ESCALATION.value: escalation,
    Rule.AWAITING_APPROVAL.value: awaiting_approval,
    Rule.REVISIT.value: revisit,
    Rule.FOLLOW_UP_DEADLINE.value: follow_up_deadline,
    Rule.CABINET_TARGET.value: cabinet_target,
}
