"""Panels of the Wagtail admin's home page, one set per role.

- everyone with an agency: "Due and overdue for my agency", with links that
  open a pre-filled progress report;
- lead agency managers (and administrators): "Awaiting your approval", and
  contributors: "Sent for approval" (``review_queue``; they replace Wagtail's
  workflow panels, ``REPLACED_PANELS``);
- lead agency managers, administrators and contributors concerned:
  "Follow-up deadlines" of the treaty bodies' one-year updates;
- administrators: a chart of the actions' progress by agency and of the
  overdue reports per responsible agency.

Registered by ``cms.admin.wagtail_hooks`` (``construct_homepage_panels``).
Every panel asks the same questions as the reminder rules
(``workflows.reminders.rules``), so the dashboard and the e-mails agree.
"""

import datetime

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from content_models.models import (
    Action,
    Agency,
    DueDate,
    ProgressStatus,
    Recommendation,
    ReportingCycle,
)
from workflows import roles
from workflows.actions import today_in_site_time_zone
from workflows.reminders.conf import get_settings
from workflows.reminders.queries import owed_due_dates, responsible_for

from . import response_panels
from .review_queue import ReviewQueuePanel, SentForApprovalPanel
from .write_report import URL_NAME as WRITE_REPORT_URL

MAX_ROWS = 15
#: Wagtail's own workflow panels, which the review queues replace.
REPLACED_PANELS = frozenset(
    {"workflow_objects_to_moderate", "user_objects_in_workflow_moderation"}
)
FOLLOW_UP_PAST_DAYS = 30
FOLLOW_UP_AHEAD_DAYS = 365
OVERVIEW_CACHE_SECONDS = 300


class MonitorPanel(Component):
    """A home-page panel that only some users see."""

    def __init__(self, request, *, now=None):
        self.request = request
        self.today = today_in_site_time_zone(now)

    def is_shown(self) -> bool:
        return True

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)


class DueForMyAgencyPanel(MonitorPanel):
    """Overdue reports (oldest first), then those due within the prompt window."""

    name = "monitor_due_for_my_agency"
    template_name = "monitor_admin/dashboard/due_for_my_agency.html"
    order = 50

    def is_shown(self):
        return bool(roles.agency_ids(self.request.user))

    def get_context_data(self, parent_context=None):
        user = self.request.user
        window = get_settings().due_soon_days
        until = self.today + datetime.timedelta(window)
        owed = owed_due_dates().filter(
            responsible_for(roles.agency_ids(user)), date__lte=until
        )
        # One row per indicator (or annual report of an action): a monthly
        # indicator missed for a year is one line, not twelve.
        groups, overdue = {}, 0
        for pk, action_id, indicator_id, day in owed.order_by("date", "pk").values_list(
            "pk", "action_id", "indicator_id", "date"
        ):
            overdue += day < self.today
            group = groups.setdefault(
                (action_id, indicator_id), {"pk": pk, "first": day, "count": 0}
            )
            group["last"] = day
            group["count"] += 1
        rows = list(groups.values())[:MAX_ROWS]
        due_dates = DueDate.objects.select_related("action", "indicator").in_bulk(
            [row["pk"] for row in rows]
        )
        for row in rows:
            row.update(
                due=due_dates[row["pk"]],
                days=(row["first"] - self.today).days,
                overdue_days=(self.today - row["first"]).days,
                write_url=reverse(WRITE_REPORT_URL, args=[row["pk"]]),
            )
        return {
            "rows": rows,
            "overdue_count": overdue,
            "more": len(groups) - len(rows),
            "window": window,
            "agencies": ", ".join(
                Agency.objects.filter(pk__in=roles.agency_ids(user))
                .order_by("code")
                .values_list("code", flat=True)
            ),
            "can_write": user.has_perm("content_models.add_progressreport"),
        }


class FollowUpDeadlinesPanel(MonitorPanel):
    """Treaty bodies' one-year update deadlines the user's agency is part of."""

    name = "monitor_follow_up_deadlines"
    template_name = "monitor_admin/dashboard/follow_up_deadlines.html"
    order = 70

    def cycles(self):
        user = self.request.user
        cycles = ReportingCycle.objects.follow_up_due_between(
            self.today - datetime.timedelta(FOLLOW_UP_PAST_DAYS),
            self.today + datetime.timedelta(FOLLOW_UP_AHEAD_DAYS),
        )
        if roles.is_administrator(user):
            return cycles
        agencies = list(roles.agency_ids(user))
        if not agencies:
            return cycles.none()
        concerned = Q(body__lead_agency__in=agencies) | Q(
            Exists(
                Recommendation.objects.live()
                .follow_up()
                .filter(cycle=OuterRef("pk"), responsible_agencies__in=agencies)
            )
        )
        return cycles.filter(concerned)

    def is_shown(self):
        self._rows = list(
            self.cycles()
            .select_related("body")
            .annotate(
                follow_ups=Count(
                    "recommendations",
                    filter=Q(
                        recommendations__follow_up=True, recommendations__live=True
                    ),
                    distinct=True,
                ),
                with_action=Count(
                    "recommendations",
                    filter=Q(
                        recommendations__follow_up=True,
                        recommendations__live=True,
                        recommendations__actions__live=True,
                    ),
                    distinct=True,
                ),
            )
        )
        self._rows.sort(key=lambda cycle: (cycle.follow_up_due_date, cycle.code))
        return bool(self._rows)

    def get_context_data(self, parent_context=None):
        for cycle in self._rows:
            cycle.days = (cycle.follow_up_due_date - self.today).days
            cycle.overdue_days = -cycle.days
        return {"rows": self._rows}


STATUS_COLOURS = {
    ProgressStatus.IN_PREPARATION: "#9aa3ad",
    ProgressStatus.IN_PROGRESS: "#007d7e",
    ProgressStatus.COMPLETED: "#2e6f40",
}
OVERDUE_COLOUR = "#b00020"


def agency_overview(today: datetime.date) -> list[dict]:
    """Per agency: live actions it leads by status, and overdue reports it owes.

    Four grouped queries; an agency with neither is left out.
    """
    codes = dict(Agency.objects.values_list("pk", "code"))
    rows = {}

    def row(agency_id):
        return rows.setdefault(
            agency_id,
            {
                "code": codes.get(agency_id, "?"),
                "statuses": dict.fromkeys(STATUS_COLOURS, 0),
                "overdue": 0,
            },
        )

    for agency_id, status, count in (
        Action.objects.live()
        .exclude(lead_agency__isnull=True)
        .values_list("lead_agency", "progress_status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        row(agency_id)["statuses"][status] = count

    overdue = owed_due_dates().filter(date__lt=today)
    inherited = overdue.filter(
        Q(indicator__isnull=True) | Q(indicator__responsible_agency__isnull=True)
    )
    groups = [
        overdue.filter(indicator__responsible_agency__isnull=False).values_list(
            "indicator__responsible_agency"
        ),
        inherited.filter(action__responsible_agencies__isnull=False).values_list(
            "action__responsible_agencies"
        ),
        inherited.filter(action__responsible_agencies__isnull=True).values_list(
            "action__lead_agency"
        ),
    ]
    for grouped in groups:
        for agency_id, count in grouped.annotate(
            count=Count("pk", distinct=True)
        ).order_by():
            if agency_id is not None:
                row(agency_id)["overdue"] += count
    result = sorted(rows.values(), key=lambda entry: entry["code"].lower())
    for entry in result:
        entry["actions"] = sum(entry["statuses"].values())
        entry["counts"] = [entry["statuses"][status] for status in STATUS_COLOURS]
    return result


def bar_chart(overview: list[dict]) -> dict:
    """Geometry of the SVG chart: one row per agency, two bars per row."""
    label_width, bar_width, gap, row_height = 90, 260, 40, 22
    most_actions = max((entry["actions"] for entry in overview), default=0) or 1
    most_overdue = max((entry["overdue"] for entry in overview), default=0) or 1
    statuses = dict(ProgressStatus.choices)
    rows = []
    for index, entry in enumerate(overview):
        y = 30 + index * row_height
        x = label_width
        segments = []
        for status, colour in STATUS_COLOURS.items():
            count = entry["statuses"][status]
            width = bar_width * count / most_actions
            if count:
                segments.append(
                    {
                        "x": round(x, 1),
                        "width": round(max(width, 1), 1),
                        "colour": colour,
                        "title": f"{entry['code']}: {count} {statuses[status]}",
                    }
                )
            x += width
        overdue_x = label_width + bar_width + gap + 40
        rows.append(
            {
                "code": entry["code"],
                "y": y,
                "text_y": y + 12,
                "segments": segments,
                "actions": entry["actions"],
                "actions_x": round(x + 4, 1),
                "overdue": entry["overdue"],
                "overdue_x": overdue_x,
                "overdue_width": round(
                    max(bar_width * 0.6 * entry["overdue"] / most_overdue, 1)
                    if entry["overdue"]
                    else 0,
                    1,
                ),
                "overdue_label_x": overdue_x - 6,
            }
        )
    return {
        "rows": rows,
        "width": label_width + bar_width + gap + 40 + bar_width * 0.6 + 20,
        "height": 40 + len(rows) * row_height,
        "label_width": label_width,
        "overdue_x": label_width + bar_width + gap + 40,
        "legend": [
            {"label": statuses[status], "colour": colour}
            for status, colour in STATUS_COLOURS.items()
        ]
        + [{"label": _("Overdue reports"), "colour": OVERDUE_COLOUR}],
    }


class AgencyOverviewPanel(MonitorPanel):
    """Administrators: actions by status and overdue reports, per agency."""

    name = "monitor_agency_overview"
    template_name = "monitor_admin/dashboard/agency_overview.html"
    order = 80

    def is_shown(self):
        return roles.is_administrator(self.request.user)

    def get_context_data(self, parent_context=None):
        key = f"workflows:agency-overview:{self.today.isoformat()}"
        overview = cache.get(key)
        if overview is None:
            overview = agency_overview(self.today)
            cache.set(key, overview, OVERVIEW_CACHE_SECONDS)
        return {
            "overview": overview,
            "chart": bar_chart(overview),
            "statuses": [
                {"value": status, "label": label, "colour": STATUS_COLOURS[status]}
                for status, label in ProgressStatus.choices
            ],
            "cache_minutes": OVERVIEW_CACHE_SECONDS // 60,
        }


def panels_for(request, *, now=None) -> list[Component]:
    """The Monitor's panels for this request (each decides if it shows)."""
    return [
        DueForMyAgencyPanel(request, now=now),
        SentForApprovalPanel(request),
        ReviewQueuePanel(request),
        FollowUpDeadlinesPanel(request, now=now),
        AgencyOverviewPanel(request, now=now),
        *response_panels.panels_for(request),
    ]
