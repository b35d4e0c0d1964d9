"""The words of a reminder e-mail: subject, plain text and HTML.

Messages are rendered from the log rows alone (what the rule said about each
object when it was recorded), so a message sent again on a retry says the
same. Day counts are relative to the day the notice was recorded.
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Reminder
from .conf import get_settings

Rule = Reminder.Rule

DUE_DATE_RULES = {Rule.DUE_SOON, Rule.OVERDUE, Rule.ESCALATION}


def absolute(path: str) -> str:
    """An admin path as a link that works from an e-mail."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def write_report_path(due_date_id: int) -> str:
    """Where an agency writes the report owed on a due date (pre-filled form)."""
    return reverse("workflows_write_report", args=[due_date_id])


def edit_path(model_name: str, pk: int) -> str:
    return reverse(f"wagtailsnippets_content_models_{model_name}:edit", args=[pk])


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def present(row: Reminder) -> dict:
    """One log row as the template shows it (dates as dates, links absolute)."""
    item = dict(row.item)
    today = timezone.localdate(row.recorded_at)
    item["date"] = _date(item.get("date"))
    if row.rule in DUE_DATE_RULES:
        item["label"] = (
            f"{item['indicator']} — {item['title']}"
            if item.get("indicator")
            else _("Annual progress report")
        )
        item["days"] = (item["date"] - today).days
        item["overdue_days"] = -item["days"]
        item["url"] = absolute(write_report_path(row.object_id))
    elif row.rule == Rule.AWAITING_APPROVAL:
        item["submitted_on"] = _date(item.get("submitted_on"))
        item["url"] = absolute(edit_path("progressreport", row.object_id))
    elif row.rule == Rule.REVISIT:
        item["url"] = absolute(edit_path("recommendation", row.object_id))
    elif row.rule == Rule.FOLLOW_UP_DEADLINE:
        item["days"] = (item["date"] - today).days
        for recommendation in item.get("recommendations", []):
            recommendation["url"] = absolute(
                edit_path("recommendation", recommendation["pk"])
            )
            for action in recommendation["actions"]:
                action["url"] = absolute(edit_path("action", action["pk"]))
                if action["report"]:
                    action["report"]["date"] = _date(action["report"]["date"])
    return item


def subject_of(rule: str, items: list[dict]) -> str:
    count = len(items)
    config = get_settings()
    if rule == Rule.DUE_SOON:
        text = ngettext(
            "%(count)d progress report due in the next %(days)d days",
            "%(count)d progress reports due in the next %(days)d days",
            count,
        ) % {"count": count, "days": config.due_soon_days}
    elif rule == Rule.OVERDUE:
        text = ngettext(
            "%(count)d progress report is overdue",
            "%(count)d progress reports are overdue",
            count,
        ) % {"count": count}
    elif rule == Rule.ESCALATION:
        text = ngettext(
            "Escalation: %(count)d progress report overdue by more than %(days)d days",
            "Escalation: %(count)d progress reports overdue by more than %(days)d days",
            count,
        ) % {"count": count, "days": config.escalate_after_days}
    elif rule == Rule.AWAITING_APPROVAL:
        text = ngettext(
            "%(count)d progress report awaits your approval",
            "%(count)d progress reports await your approval",
            count,
        ) % {"count": count}
    elif rule == Rule.REVISIT:
        text = ngettext(
            "%(count)d recommendation without an action to revisit",
            "%(count)d recommendations without an action to revisit",
            count,
        ) % {"count": count}
    else:
        first = items[0]
        text = _("Follow-up report for %(cycle)s due on %(date)s") % {
            "cycle": first["cycle"],
            "date": first["date"].isoformat(),
        }
        if count > 1:
            text = _("%(count)d follow-up reports due soon, the first %(first)s") % {
                "count": count,
                "first": first["date"].isoformat(),
            }
    return f"[{settings.WAGTAIL_SITE_NAME}] {text}"


def render_message(*, rule: str, rows: list[Reminder], user=None):
    """``(subject, text, html)`` of the message made of ``rows``."""
    config = get_settings()
    items = sorted(
        (present(row) for row in rows),
        key=lambda item: (item.get("date") or datetime.date.max,),
    )
    shown = items[: config.max_items_per_message]
    context = {
        "rule": rule,
        "rule_label": Rule(rule).label,
        "items": shown,
        "count": len(items),
        "more": len(items) - len(shown),
        "name": (user.get_full_name() or user.get_username()) if user else "",
        "is_mailbox": user is None,
        "agencies": sorted(
            {code for item in items for code in item.get("agencies", [])}
        ),
        "config": config,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "dashboard_url": absolute(reverse("wagtailadmin_home")),
    }
    text = render_to_string(f"workflows/reminders/{rule}.txt", context)
    html = render_to_string(f"workflows/reminders/{rule}.html", context)
    return subject_of(rule, items), text, html


def describe(rule: str, item: dict) -> str:
    """One line about an item, for the command's output and logs."""
    if rule in DUE_DATE_RULES:
        label = (
            f"{item['indicator']} — {item['title']}"
            if item.get("indicator")
            else _("Annual progress report")
        )
        agencies = ", ".join(item.get("agencies", []))
        return f"{label} · due {item['date']} · action {item['action']}" + (
            f" · {agencies}" if agencies else ""
        )
    if rule == Rule.AWAITING_APPROVAL:
        return (
            f"{item['title']} · action {item['action']} · submitted "
            f"{item['submitted_on']} by {item['submitted_by'] or '?'}"
        )
    if rule == Rule.REVISIT:
        return f"{item['recommendation']} — {item['title']} · since {item['date']}"
    recommendations = ", ".join(
        f"{item['cycle']}/{entry['reference']}"
        for entry in item.get("recommendations", [])
    )
    return (
        f"{item['cycle']} follow-up report due {item['date']} "
        f"({item['days']} days) · {recommendations}"
    )
