"""The reminder rules about a whole reporting cycle: the follow-up deadline and
the Cabinet target. Same contract as ``workflows.reminders.rules``."""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import Truncator

from content_models.models import (
    Action,
    ProgressReport,
    ProgressStatus,
    Recommendation,
    ReportingCycle,
)

from ..actions import today_in_site_time_zone
from ..models import Reminder
from .conf import ReminderSettings
from .notice import Notice
from .queries import RunContext

Rule = Reminder.Rule


def follow_up_threshold(days_left: int, thresholds) -> int | None:
    """The tightest of ``thresholds`` (e.g. 90, 30, 7) that ``days_left`` is within."""
    within = [days for days in thresholds if 0 <= days_left <= days]
    return min(within) if within else None


def follow_up_deadline(*, now, config: ReminderSettings, context: RunContext):
    """A cycle's follow-up report is due in 90, 30 or 7 days.

    To the lead agency of the body (managers and mailbox), listing the live
    follow-up recommendations, their published actions and each action's
    latest published progress report. A reminder missed at 90 days is sent
    once before the 30-day one, not all of them at once.
    """
    today = today_in_site_time_zone(now)
    content_type = ContentType.objects.get_for_model(ReportingCycle)
    horizon = today + datetime.timedelta(max(config.follow_up_days, default=0))
    cycles = sorted(
        ReportingCycle.objects.follow_up_due_between(today, horizon)
        .filter(body__lead_agency__isnull=False)
        .select_related("body"),
        key=lambda cycle: (cycle.follow_up_due_date, cycle.code),
    )
    if not cycles:
        return []
    listing = _follow_up_listing([cycle.pk for cycle in cycles])
    notices = []
    for cycle in cycles:
        # The date set, or follow_up_months after the date received.
        deadline = cycle.follow_up_due_date
        threshold = follow_up_threshold((deadline - today).days, config.follow_up_days)
        if threshold is None or not listing.get(cycle.pk):
            continue
        item = {
            "cycle": cycle.code,
            "title": cycle.name,
            "date": deadline.isoformat(),
            "days": (deadline - today).days,
            "recommendations": listing[cycle.pk],
        }
        lead = cycle.body.lead_agency_id
        for recipient in context.people.lead_agency(lead, mailbox=True):
            notices.append(
                Notice(
                    Rule.FOLLOW_UP_DEADLINE,
                    recipient,
                    content_type.pk,
                    cycle.pk,
                    f"{deadline.isoformat()}/{threshold}-days",
                    item,
                )
            )
    return notices


def _follow_up_listing(cycle_ids) -> dict[int, list[dict]]:
    """Cycle pk → its live follow-up recommendations with their live actions
    and each action's latest published report (four queries in all)."""
    recommendations = list(
        Recommendation.objects.live()
        .follow_up()
        .filter(cycle_id__in=cycle_ids)
        .order_by("reference", "pk")
        .values("pk", "cycle_id", "reference", "title", "text")
    )
    through = Action.recommendations.through.objects.filter(
        recommendation_id__in=[row["pk"] for row in recommendations],
        action__live=True,
    ).values_list("recommendation_id", "action_id")
    actions_of = defaultdict(list)
    for recommendation_id, action_id in through:
        actions_of[recommendation_id].append(action_id)
    action_ids = {pk for ids in actions_of.values() for pk in ids}
    actions = {
        row["pk"]: row
        for row in Action.objects.filter(pk__in=action_ids).values(
            "pk", "reference", "title", "progress_status"
        )
    }
    latest = {}
    for row in (
        ProgressReport.objects.live()
        .filter(action_id__in=action_ids)
        .order_by("action_id", "-first_published_at", "-pk")
        .values("action_id", "pk", "title", "first_published_at")
    ):
        latest.setdefault(row["action_id"], row)
    statuses = dict(ProgressStatus.choices)
    listing = defaultdict(list)
    for row in recommendations:
        entry = {
            "pk": row["pk"],
            "reference": row["reference"],
            "title": row["title"] or Truncator(row["text"]).chars(120),
            "actions": [],
        }
        for action_id in sorted(
            actions_of[row["pk"]], key=lambda pk: actions[pk]["reference"]
        ):
            action = actions[action_id]
            report = latest.get(action_id)
            entry["actions"].append(
                {
                    "pk": action_id,
                    "reference": action["reference"],
                    "title": action["title"],
                    "status": str(statuses.get(action["progress_status"], "")),
                    "report": {
                        "pk": report["pk"],
                        "title": report["title"],
                        "date": today_in_site_time_zone(
                            report["first_published_at"]
                        ).isoformat()
                        if report["first_published_at"]
                        else None,
                    }
                    if report
                    else None,
                }
            )
        listing[row["cycle_id"]].append(entry)
    return listing


def cabinet_target(*, now, config: ReminderSettings, context: RunContext):
    """A cycle's response is due for Cabinet's consideration in 90 or 30 days.

    The Cabinet target is 12 months after the recommendations were received
    (``MONITOR_CABINET_TARGET_MONTHS``) unless the cycle sets its own
    (``ReportingCycle.cabinet_target_date``). To the lead agency of the body
    (managers and mailbox), once per threshold, until Cabinet's decision is
    recorded; a reminder missed at 90 days is sent once before the 30-day one.
    """
    from content_models.models.cabinet import cabinet_target_months

    today = today_in_site_time_zone(now)
    content_type = ContentType.objects.get_for_model(ReportingCycle)
    horizon = today + datetime.timedelta(max(config.cabinet_target_days, default=0))
    received_after = today - relativedelta(months=cabinet_target_months())
    cycles = (
        ReportingCycle.objects.filter(
            body__lead_agency__isnull=False, cabinet_decision__isnull=True
        )
        .filter(
            Q(cabinet_target_on__gte=today, cabinet_target_on__lte=horizon)
            | Q(cabinet_target_on__isnull=True, received_on__gte=received_after)
        )
        .select_related("body")
        .order_by("code")
    )
    notices = []
    for cycle in cycles:
        target = cycle.cabinet_target_date
        if target is None:
            continue
        threshold = follow_up_threshold(
            (target - today).days, config.cabinet_target_days
        )
        if threshold is None:
            continue
        counts = _response_counts(cycle)
        item = {
            "cycle": cycle.code,
            "title": cycle.name,
            "body": cycle.body.name,
            "date": target.isoformat(),
            "days": (target - today).days,
            "received_on": cycle.received_on.isoformat() if cycle.received_on else None,
            **counts,
        }
        lead = cycle.body.lead_agency_id
        for recipient in context.people.lead_agency(lead, mailbox=True):
            notices.append(
                Notice(
                    Rule.CABINET_TARGET,
                    recipient,
                    content_type.pk,
                    cycle.pk,
                    f"{target.isoformat()}/{threshold}-days",
                    item,
                )
            )
    return notices


def _response_counts(cycle) -> dict:
    """How far the response is, as the Cabinet annex counts it (the board's
    derivation, ``response.response_of``): recommendations, with an action
    proposed, with no action proposed, still awaiting a response."""
    from ..cabinet import compile_annex
    from ..response import Response

    items = compile_annex(cycle=cycle).recommendations
    with_action = sum(item.answer == Response.ACTION for item in items)
    no_action = sum(item.answer == Response.NO_ACTION for item in items)
    return {
        "recommendations": len(items),
        "with_action": with_action,
        "no_action": no_action,
        "awaiting": len(items) - with_action - no_action,
    }
