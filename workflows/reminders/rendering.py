"""The words of a reminder e-mail: subject, plain text and HTML.

Messages are rendered from the log rows alone (what the rule said about each
object when it was recorded), so a message sent again on a retry says the
same. Day counts are relative to the day the notice was recorded.
"""

import contextlib
import contextvars
import datetime
import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ..models import Reminder
from .conf import get_settings

Rule = Reminder.Rule

DUE_DATE_RULES = {Rule.DUE_SOON, Rule.OVERDUE, Rule.ESCALATION}


def absolute(path: str) -> str:
    """An admin path as a link that works from an e-mail."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


_SENTINEL = 987654321


@functools.lru_cache(maxsize=32)
def _path_pattern(url_name: str) -> str:
    # A message lists hundreds of links to the same view: reverse it once.
    return reverse(url_name, args=[_SENTINEL]).replace(str(_SENTINEL), "{}")


def write_report_path(due_date_id: int) -> str:
    """Where an agency writes the report owed on a due date (pre-filled form)."""
    return _path_pattern("write_progress_report").format(int(due_date_id))


def respond_path(recommendation_id: int) -> str:
    """Where an agency responds to a recommendation it was asked about."""
    return _path_pattern("respond_to_recommendation").format(int(recommendation_id))


def edit_path(model_name: str, pk: int) -> str:
    url_name = f"wagtailsnippets_content_models_{model_name}:edit"
    return _path_pattern(url_name).format(int(pk))


@functools.lru_cache(maxsize=4096)
def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@functools.lru_cache(maxsize=4096)
def _format(day: datetime.date, format_string: str) -> str:
    return date_format(day, format_string)


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
        item["when"] = _when(item["date"], item["days"])
    elif row.rule == Rule.AWAITING_APPROVAL:
        item["submitted_on"] = _date(item.get("submitted_on"))
        item["url"] = absolute(edit_path("progressreport", row.object_id))
    elif row.rule == Rule.REVISIT:
        item["url"] = absolute(edit_path("recommendation", row.object_id))
    elif row.rule == Rule.RESPONSE_REQUESTED:
        item["url"] = absolute(respond_path(row.object_id))
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
    elif row.rule == Rule.CABINET_TARGET:
        item["days"] = (item["date"] - today).days
        item["received_on"] = _date(item.get("received_on"))
        item["url"] = absolute(_path_pattern("cabinet_cycle").format(row.object_id))
    return item


def combine(rows: list[Reminder]) -> list[list[Reminder]]:
    """The rows of a due-date message, one group per indicator (or annual
    report of an action), in the order of their first due date.

    A monthly indicator missed for a year is one entry with its twelve dates,
    not twelve; its link writes the report owed first.
    """
    groups = {}
    for row in rows:
        key = (row.item.get("indicator") or "", row.item.get("action"))
        groups.setdefault(key, []).append(row)
    return list(groups.values())


def present_group(rows: list[Reminder]) -> dict:
    """One entry of a due-date message: the oldest row, with every date."""
    entry = present(rows[0])
    entry["count"] = len(rows)
    entry["dates"] = [_date(row.item.get("date")) for row in rows]
    shown = [_format(day, "DATE_FORMAT") for day in entry["dates"][:6]]
    if entry["count"] > len(shown):
        shown.append(_("and %(count)d more") % {"count": entry["count"] - 6})
    entry["dates_label"] = ", ".join(shown)
    if entry["count"] > 1:
        values = {
            "count": entry["count"],
            "dates": entry["dates_label"],
            "days": entry["overdue_days"],
        }
        if entry["days"] < 0:
            entry["when"] = (
                _(
                    "%(count)d reports overdue, due %(dates)s "
                    "(the oldest %(days)d days overdue)"
                )
                % values
            )
        else:
            entry["when"] = _("%(count)d reports due %(dates)s") % values
    return entry


def _when(day: datetime.date, days: int) -> str:
    """ "Due 1 July 2026 (in 3 days)", "Due today…", "Was due … (5 days overdue)"."""
    label = _format(day, "j F Y")
    if days > 0:
        return ngettext(
            "Due %(date)s (in %(days)d day)", "Due %(date)s (in %(days)d days)", days
        ) % {"date": label, "days": days}
    if days == 0:
        return _("Due today, %(date)s") % {"date": label}
    return ngettext(
        "Was due %(date)s (%(days)d day overdue)",
        "Was due %(date)s (%(days)d days overdue)",
        -days,
    ) % {"date": label, "days": -days}


def subject_of(rule: str, items: list[dict], count: int) -> str:
    """The subject line; ``count`` is the number of reports or objects."""
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
    elif rule == Rule.RESPONSE_REQUESTED:
        text = ngettext(
            "%(cycle)s: %(count)d recommendation awaits your agency's response",
            "%(cycle)s: %(count)d recommendations await your agency's response",
            count,
        ) % {"count": count, "cycle": items[0]["cycle"]}
    elif rule == Rule.CABINET_TARGET:
        first = items[0]
        text = _("Response to %(cycle)s due for Cabinet on %(date)s") % {
            "cycle": first["cycle"],
            "date": _format(first["date"], "DATE_FORMAT"),
        }
        if count > 1:
            text = _("%(count)d responses due for Cabinet, the first on %(date)s") % {
                "count": count,
                "date": _format(first["date"], "DATE_FORMAT"),
            }
    else:
        first = items[0]
        text = _("Follow-up report for %(cycle)s due on %(date)s") % {
            "cycle": first["cycle"],
            "date": _format(first["date"], "j F Y"),
        }
        if count > 1:
            text = _("%(count)d follow-up reports due soon, the first %(first)s") % {
                "count": count,
                "first": _format(first["date"], "j F Y"),
            }
    return f"[{settings.WAGTAIL_SITE_NAME}] {text}"


def words() -> dict[str, str]:
    """The words every entry of a list repeats, translated once per message
    (a ``{% translate %}`` inside the templates' loops cost a lookup per entry)."""
    return {
        "action": _("Action"),
        "responsible": _("responsible:"),
        "write": _("Write the report"),
        "write_oldest": _("Write the oldest report"),
        "write_text": _("Write the report:"),
        "write_oldest_text": _("Write the oldest report:"),
    }


#: Within ``shared_entries()``: the due-date entries already rendered.
_shared = contextvars.ContextVar("reminder_entries", default=None)


@contextlib.contextmanager
def shared_entries():
    """Messages rendered inside share their due-date entries when they list
    the same notices (an agency's people and its mailbox are told about the
    same due dates): presented and rendered once, not once per recipient."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def due_entries(rows, config) -> tuple[list[dict], int, str, str]:
    """``(entries, how many more, text, HTML)`` of a due-date message's rows."""
    shared = _shared.get()
    if shared is not None:
        # The rows' own item objects (which a run shares between the
        # recipients of one object), kept alive by the entry so their ids
        # stay theirs, in the language they are rendered in.
        key = (
            get_language(),
            *((id(row.item), row.object_id, row.recorded_at) for row in rows),
        )
        if key in shared:
            return shared[key][1:]
    groups = combine(rows)
    items = [present_group(group) for group in groups[: config.max_items_per_message]]
    context = {"items": items, "words": words()}
    # Rendered by the template engine: escaped already (HTML), or not to be
    # escaped (text), as when the message's template included them.
    text, html = (
        mark_safe(render_to_string(f"workflows/reminders/_due_items.{ext}", context))
        for ext in ("txt", "html")
    )
    entries = (items, len(groups) - len(items), text, html)
    if shared is not None:
        shared[key] = ([row.item for row in rows], *entries)
    return entries


def render_message(*, rule: str, rows: list[Reminder], user=None):
    """``(subject, text, html)`` of the message made of ``rows``.

    Only the entries shown (``MAX_ITEMS_PER_MESSAGE``) are rendered; the rest
    are counted.
    """
    config = get_settings()
    rows = sorted(rows, key=lambda row: (row.item.get("date") or "9999", row.pk))
    count = len(rows)
    entries_text = entries_html = ""
    if rule in DUE_DATE_RULES:
        items, more, entries_text, entries_html = due_entries(rows, config)
    else:
        items = [present(row) for row in rows[: config.max_items_per_message]]
        more = count - len(items)
    context = {
        "entries_text": entries_text,
        "entries_html": entries_html,
        "rule": rule,
        "rule_label": Rule(rule).label,
        "items": items,
        "count": count,
        "more": more,
        "name": (user.get_full_name() or user.get_username()) if user else "",
        "is_mailbox": user is None,
        "config": config,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "dashboard_url": absolute(reverse("wagtailadmin_home")),
        "words": words(),
    }
    text = render_to_string(f"workflows/reminders/{rule}.txt", context)
    html = render_to_string(f"workflows/reminders/{rule}.html", context)
    return subject_of(rule, items, count), text, html


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
    if rule == Rule.RESPONSE_REQUESTED:
        return f"{item['recommendation']} — {item['title']} · {item['agency']}"
    if rule == Rule.CABINET_TARGET:
        return (
            f"{item['cycle']} Cabinet target {item['date']} ({item['days']} days) · "
            f"{item['recommendations']} recommendations, {item['awaiting']} awaiting "
            "a response"
        )
    recommendations = ", ".join(
        f"{item['cycle']}/{entry['reference']}"
        for entry in item.get("recommendations", [])
    )
    return (
        f"{item['cycle']} follow-up report due {item['date']} "
        f"({item['days']} days) · {recommendations}"
    )
