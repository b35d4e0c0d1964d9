"""The reminders screen: the reminder log with filters, the next run, the schedule.

For administrators (every reminder) and lead agency managers (the reminders
about the bodies their agency leads): ``workflows.reminders.log`` decides
which rows, and computes the next run as a dry run, which records and sends
nothing. Everyone else is turned away as by the rest of the admin.
"""

import datetime

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import (
    BaseListingView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.base import ViewSet

from content_models.models import Agency, HumanRightsBody
from workflows import roles
from workflows.models import Reminder
from workflows.reminders import log


def nz_datetime(value) -> str:
    """A date-time as the site shows them (``DATETIME_FORMAT``, Auckland time)."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def nz_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return date_format(value, "DATE_FORMAT")


def describe_item(item: dict) -> str:
    """What a reminder said about its object, in one line."""
    reference = (
        item.get("indicator")
        or item.get("recommendation")
        or item.get("cycle")
        or item.get("action")
        or ""
    )
    title = item.get("title") or item.get("action_title") or ""
    text = " — ".join(part for part in (reference, title) if part)
    when = nz_date(item.get("date"))
    return f"{text} ({when})" if when else text


class ValueColumn(Column):
    """A column whose cell is ``render(instance)``, as text."""

    def __init__(self, name, render, **kwargs):
        super().__init__(name, **kwargs)
        self._render = render

    def get_value(self, instance):
        return self._render(instance)


def _bodies(request):
    """The bodies a user may filter by: all, or those their agency leads."""
    bodies = HumanRightsBody.objects.order_by("name")
    if roles.is_administrator(request.user):
        return bodies
    return bodies.filter(lead_agency__in=roles.agency_ids(request.user))


class ReminderFilterSet(WagtailFilterSet):
    rule = django_filters.ChoiceFilter(
        label=_("Reminder"), choices=Reminder.Rule.choices
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Human-rights body"), queryset=_bodies, method="filter_body"
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency reminded"),
        queryset=Agency.objects.order_by("name"),
        method="filter_agency",
    )
    recipient = django_filters.CharFilter(label=_("Recipient"), lookup_expr="icontains")
    recorded_at = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Reminder
        fields = []

    def filter_body(self, queryset, name, value):
        return log.of_bodies(queryset, [value]) if value else queryset

    def filter_agency(self, queryset, name, value):
        return log.of_agencies(queryset, [value]) if value else queryset


class ReadersOnlyMixin:
    """Administrators and lead agency managers; the admin's refusal for others."""

    def dispatch(self, request, *args, **kwargs):
        if not log.may_read(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ReminderLogView(ReadersOnlyMixin, BaseListingView):
    """The log: one row per reminder, newest first, with filters."""

    template_name = "monitor_admin/reminders/index.html"
    page_title = _("Reminders")
    header_icon = "mail"
    paginate_by = 50
    filterset_class = ReminderFilterSet
    next_run_url_name = None
    columns = [
        ValueColumn(
            "recorded_at",
            lambda row: nz_datetime(row.recorded_at),
            label=_("Recorded"),
        ),
        ValueColumn("rule", lambda row: row.get_rule_display(), label=_("Reminder")),
        Column("recipient", label=_("Recipient")),
        ValueColumn("item", lambda row: describe_item(row.item), label=_("About")),
        ValueColumn(
            "sent",
            lambda row: nz_datetime(row.message.sent_at) or _("Not sent"),
            label=_("Sent"),
        ),
    ]

    def get_base_queryset(self):
        return log.readable(self.request.user).order_by("-recorded_at", "pk")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["schedule"] = log.schedule()
        context["next_run_url"] = reverse(self.next_run_url_name)
        context["scope"] = (
            _("Every reminder.")
            if roles.is_administrator(self.request.user)
            else _("Reminders about the bodies your agency leads.")
        )
        return context


class NextRunView(ReadersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """What the next run would send now: a dry run, nothing recorded or sent."""

    template_name = "monitor_admin/reminders/next_run.html"
    page_title = _("Next reminder run")
    header_icon = "mail"
    index_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Reminders")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def messages(self):
        return log.next_run(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rules = dict(Reminder.Rule.choices)
        context.update(
            {
                "schedule": log.schedule(),
                "now": nz_datetime(timezone.now()),
                "messages_to_send": [
                    {
                        "rule": rules.get(message.rule, message.rule),
                        "recipient": message.recipient.address,
                        "name": message.recipient.name,
                        "items": [describe_item(item) for item in message.items],
                        "retry": message.message_id is not None,
                    }
                    for message in self.messages
                ],
            }
        )
        return context


class ReminderMenuItem(MenuItem):
    def is_shown(self, request):
        return log.may_read(request.user)


class RemindersViewSet(ViewSet):
    """The "Reminders" entry of the admin menu and its three URLs."""

    name = "reminders"
    icon = "mail"
    menu_label = _("Reminders")
    menu_order = 850
    add_to_admin_menu = True
    menu_item_class = ReminderMenuItem

    def get_urlpatterns(self):
        index = self.get_url_name("index")
        results = self.get_url_name("index_results")
        next_run = self.get_url_name("next_run")
        common = {
            "index_url_name": index,
            "index_results_url_name": results,
            "next_run_url_name": next_run,
        }
        return [
            path("", ReminderLogView.as_view(**common), name="index"),
            path(
                "results/",
                ReminderLogView.as_view(**common, results_only=True),
                name="index_results",
            ),
            path(
                "next-run/",
                NextRunView.as_view(index_url_name=index),
                name="next_run",
            ),
        ]
