"""The audit trail: sign-ins, failed sign-ins, role changes, two-factor events.

Django's sign-in signals write the entries (``workflows.actions.audit``);
``/admin/audit-trail/`` lists every ``monitor.auth.*`` log entry for Monitor
administrators, newest first, filtered by action, account and date, with the
same rows as CSV. Anyone else gets the admin's usual refusal.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from cms.admin.listing import csv_download
from cms.admin.reminders import ValueColumn, nz_datetime
from workflows import roles
from workflows.actions import audit

from .client_address import client_address

INDEX = "audit_trail:index"
EXPORT = "audit_trail:export"


# --- Recording ---------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="monitor_audit_signin")
def signed_in(sender, request, user, **kwargs):
    audit.record_signin(
        user,
        address=client_address(request) if request is not None else None,
        backend=getattr(user, "backend", ""),
    )


@receiver(user_login_failed, dispatch_uid="monitor_audit_signin_failed")
def signin_failed(sender, credentials, request=None, **kwargs):
    field = get_user_model().USERNAME_FIELD
    audit.record_signin_failure(
        credentials.get(field) or credentials.get("username") or "",
        address=client_address(request) if request is not None else None,
    )


# --- Reading -----------------------------------------------------------------


def action_label(action: str) -> str:
    try:
        return str(log_registry.get_action_label(action))
    except KeyError:
        return action


def account(entry) -> str:
    """The account the entry is about, or the unknown username tried."""
    return entry.label


def actor(entry) -> str:
    if entry.user_id is None:
        return ""
    return entry.user.get_username() if entry.user else gettext("(deleted user)")


def _role_text(side: dict) -> str:
    role = side.get("role") or gettext("no role")
    return f"{role} ({side['agency']})" if side.get("agency") else role


def details(entry) -> str:
    """What happened, in words: the role change, the address, the source."""
    data = entry.data or {}
    parts = []
    if "old" in data and "new" in data:
        parts.append(
            gettext("%(old)s → %(new)s")
            % {"old": _role_text(data["old"]), "new": _role_text(data["new"])}
        )
    if data.get("source"):
        parts.append(gettext("by %(source)s") % {"source": data["source"]})
    if data.get("address"):
        parts.append(gettext("from %(address)s") % {"address": data["address"]})
    return "; ".join(parts)


EXPORT_COLUMNS = (
    ("date_time", lambda entry: nz_datetime(entry.timestamp)),
    ("action", lambda entry: action_label(entry.action)),
    ("account", account),
    ("username_tried", lambda entry: (entry.data or {}).get("username", "")),
    ("address", lambda entry: (entry.data or {}).get("address", "")),
    ("by", actor),
    ("details", details),
)


def _action_choices():
    labels = dict(log_registry.get_choices())
    used = ModelLogEntry.objects.filter(action__startswith=audit.PREFIX)
    codes = set(used.values_list("action", flat=True).distinct()) | set(audit.LABELS)
    return sorted(
        ((code, labels.get(code, code)) for code in codes), key=lambda c: str(c[1])
    )


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_action_choices)
    user = django_filters.ModelChoiceFilter(
        label=_("Account"),
        queryset=lambda request: (
            get_user_model()
            ._default_manager.all()
            .order_by(get_user_model().USERNAME_FIELD)
        ),
        method="filter_user",
    )
    timestamp = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget, method="filter_timestamp"
    )

    class Meta:
        model = ModelLogEntry
        fields = []

    def filter_user(self, queryset, name, value):
        return queryset.filter(audit.about_user(value.pk)) if value else queryset

    def filter_timestamp(self, queryset, name, value):
        # Whole days in the site's time zone, both ends included.
        if value.start:
            queryset = queryset.filter(timestamp__date__gte=value.start)
        if value.stop:
            queryset = queryset.filter(timestamp__date__lte=value.stop)
        return queryset


class AdministratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not roles.is_administrator(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class EntriesPaginator(WagtailPaginator):
    """Counts "4 entries", not Wagtail's "4 model log entries"."""

    verbose_name = _("entry")
    verbose_name_plural = _("entries")


class AuditTrailView(AdministratorsOnlyMixin, BaseListingView):
    template_name = "security/audit_trail.html"
    page_title = _("Audit trail")
    verbose_name = _("entry")
    verbose_name_plural = _("entries")
    header_icon = "list-ul"
    paginate_by = 50
    paginator_class = EntriesPaginator
    filterset_class = AuditFilterSet
    columns = [
        ValueColumn("timestamp", lambda e: nz_datetime(e.timestamp), label=_("When")),
        ValueColumn("action", lambda e: action_label(e.action), label=_("Action")),
        ValueColumn("account", account, label=_("Account")),
        ValueColumn("by", actor, label=_("By")),
        ValueColumn("details", details, label=_("Details")),
    ]

    def get_base_queryset(self):
        return audit.entries()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = urlencode(self.request.GET, doseq=True)
        context["export_url"] = reverse(EXPORT) + (f"?{query}" if query else "")
        return context


def export(request):
    """The rows the screen shows with the same filters, all pages, as CSV."""
    if not roles.is_administrator(request.user):
        return permission_denied(request)
    filters = AuditFilterSet(request.GET, queryset=audit.entries(), request=request)
    if not filters.is_valid():
        return HttpResponse(
            "Bad filter: " + filters.errors.as_text(),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return csv_download("audit-trail", EXPORT_COLUMNS, filters.qs)


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_administrator(request.user)


class AuditTrailViewSet(ViewSet):
    """*Settings → Audit trail*, for Monitor administrators."""

    name = "audit_trail"
    url_prefix = "audit-trail"
    icon = "list-ul"
    menu_label = _("Audit trail")
    menu_order = 910
    add_to_settings_menu = True
    menu_item_class = AdministratorsMenuItem

    def get_urlpatterns(self):
        common = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", AuditTrailView.as_view(**common), name="index"),
            path(
                "results/",
                AuditTrailView.as_view(**common, results_only=True),
                name="index_results",
            ),
            path("export.csv", export, name="export"),
        ]
