"""Civil-society feedback in the admin: the listing, one item, marking, export.

Who reads which feedback and who marks it is ``workflows.feedback`` (lead
agency: all on its bodies; responsible agencies: what the lead agency shared
with the author's consent); marking is ``workflows.actions.mark_feedback``.
Feedback is private: it has no snippet, no revisions, no public URL. The
recommendation's edit view shows it too (``FeedbackPanel``).
"""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from content_models.models import Agency, HumanRightsBody
from workflows import actions
from workflows import feedback as rules
from workflows.models import Feedback

from .listing import csv_download
from .reminders import ValueColumn, nz_datetime

INDEX = "feedback:index"
DETAIL = "feedback:detail"
MARK = "feedback:mark"
EXPORT = "feedback:export"


def author(feedback: Feedback) -> str:
    """Name and organisation as given; "Anonymous" when neither."""
    parts = [part for part in (feedback.name, feedback.organisation) if part]
    return ", ".join(parts) or gettext("Anonymous")


def recommendation_label(feedback: Feedback) -> str:
    recommendation = feedback.recommendation
    return f"{recommendation.cycle.code}/{recommendation.reference}"


def filter_recommendation(queryset, name, value):
    """``CYCLE/REFERENCE`` (as the panel links), or a reference alone."""
    value = value.strip()
    if not value:
        return queryset
    cycle, _slash, reference = value.partition("/")
    condition = Q(recommendation__reference__iexact=value)
    if reference:
        condition |= Q(
            recommendation__cycle__code__iexact=cycle,
            recommendation__reference__iexact=reference,
        )
    return queryset.filter(condition)


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Feedback.Status.choices
    )
    recommendation = django_filters.CharFilter(
        label=_("Recommendation (cycle/reference)"), method="filter_recommendation"
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Human-rights body"),
        queryset=HumanRightsBody.objects.order_by("name"),
        field_name="recommendation__cycle__body",
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Responsible agency"),
        queryset=Agency.objects.order_by("name"),
        method="filter_agency",
    )
    consent_to_share = django_filters.BooleanFilter(
        label=_("Author agreed to share with the agencies")
    )
    received_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Feedback
        fields = []

    def filter_recommendation(self, queryset, name, value):
        return filter_recommendation(queryset, name, value)

    def filter_agency(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Feedback.objects.filter(
                recommendation__responsible_agencies=value
            ).values("pk")
        )


class ReadersOnlyMixin:
    """Users the feedback screens are for; the admin's refusal for others."""

    def dispatch(self, request, *args, **kwargs):
        if not rules.may_read_any(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def scope_sentence(user) -> str:
    if rules.is_lead_reader(user):
        return gettext(
            "All feedback on the recommendations of the bodies your agency "
            "leads, and feedback shared with your agency."
        )
    return gettext(
        "Feedback the lead agency shared with your agency, on recommendations "
        "your agency is responsible for."
    )


class FeedbackListingView(ReadersOnlyMixin, BaseListingView):
    """Newest first, with filters; each row opens the item."""

    template_name = "monitor_admin/feedback/index.html"
    page_title = _("Public feedback")
    header_icon = "comment"
    paginate_by = 50
    filterset_class = FeedbackFilterSet
    columns = [
        TitleColumn(
            "recommendation",
            label=_("Recommendation"),
            accessor=recommendation_label,
            get_url=lambda row: reverse(DETAIL, args=(row.pk,)),
        ),
        ValueColumn(
            "text", lambda row: Truncator(row.text).chars(120), label=_("Feedback")
        ),
        ValueColumn("author", author, label=_("From")),
        ValueColumn(
            "received_at", lambda row: nz_datetime(row.received_at), label=_("Received")
        ),
        ValueColumn("status", lambda row: row.get_status_display(), label=_("Status")),
    ]

    def get_base_queryset(self):
        return rules.readable(self.request.user)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["scope"] = scope_sentence(self.request.user)
        context["export_url"] = (
            reverse(EXPORT) + "?" + urlencode(self.request.GET, doseq=True)
            if self.request.GET
            else reverse(EXPORT)
        )
        return context


def _readable_or_404(request, pk) -> Feedback:
    feedback = get_object_or_404(rules.readable(request.user), pk=pk)
    return feedback


class FeedbackDetailView(ReadersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One item in full, with the lead agency's buttons."""

    template_name = "monitor_admin/feedback/detail.html"
    page_title = _("Public feedback")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX), "label": _("Public feedback")},
            {"url": "", "label": recommendation_label(self.feedback)},
        ]

    def get(self, request, *args, **kwargs):
        self.feedback = _readable_or_404(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = self.feedback
        recommendation = feedback.recommendation
        context.update(
            {
                "feedback": feedback,
                "recommendation": recommendation,
                "recommendation_label": recommendation_label(feedback),
                "recommendation_url": reverse(
                    "wagtailsnippets_content_models_recommendation:edit",
                    args=(recommendation.pk,),
                ),
                "received": nz_datetime(feedback.received_at),
                "changed": nz_datetime(feedback.status_changed_at),
                "changed_by": (
                    feedback.status_changed_by.get_full_name()
                    or feedback.status_changed_by.get_username()
                )
                if feedback.status_changed_by
                else "",
                "may_mark": rules.may_mark(self.request.user, feedback),
                "mark_url": reverse(MARK, args=(feedback.pk,)),
                "statuses": Feedback.Status,
            }
        )
        return context


@require_POST
def mark(request, pk):
    """Mark one item shared or not relevant; back to it with a message.

    Someone who may not read it gets 404 (as for an unknown id); a reader who
    may not mark it (a responsible agency) gets the admin's refusal (back to
    the dashboard with its message). Nothing changes in either.
    """
    if not rules.may_read_any(request.user):
        return permission_denied(request)
    feedback = _readable_or_404(request, pk)
    if not rules.may_mark(request.user, feedback):
        raise PermissionDenied
    status = request.POST.get("status", "")
    try:
        changed = actions.mark_feedback(
            feedback=feedback, user=request.user, status=status
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if changed:
            messages.success(
                request,
                gettext("Feedback marked “%(status)s”.")
                % {"status": feedback.get_status_display()},
            )
    return redirect(DETAIL, pk=feedback.pk)


EXPORT_COLUMNS = (
    ("received", lambda row: nz_datetime(row.received_at)),
    ("cycle", lambda row: row.recommendation.cycle.code),
    ("recommendation", lambda row: row.recommendation.reference),
    ("feedback", lambda row: row.text),
    ("name", lambda row: row.name),
    ("organisation", lambda row: row.organisation),
    ("email", lambda row: row.email),
    ("consent_to_share", lambda row: "yes" if row.consent_to_share else "no"),
    ("status", lambda row: row.get_status_display()),
    (
        "status_changed_by",
        lambda row: (
            row.status_changed_by.get_username() if row.status_changed_by else ""
        ),
    ),
    ("status_changed_at", lambda row: nz_datetime(row.status_changed_at)),
)


def export(request):
    """What the listing shows with the same filters, as CSV, scoped to the user."""
    if not rules.may_read_any(request.user):
        return permission_denied(request)
    filters = FeedbackFilterSet(request.GET, queryset=rules.readable(request.user))
    if not filters.is_valid():
        return HttpResponse(
            "Bad filter: " + filters.errors.as_text(),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return csv_download("feedback", EXPORT_COLUMNS, filters.qs)


class FeedbackPanel(Panel):
    """The feedback on this recommendation the user may read, on its edit view."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "monitor_admin/panels/feedback.html"

        def is_shown(self):
            return bool(
                self.instance
                and self.instance.pk
                and self.request is not None
                and rules.may_read_any(self.request.user)
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            items = list(
                rules.readable(self.request.user).filter(recommendation=self.instance)
            )
            label = f"{self.instance.cycle.code}/{self.instance.reference}"
            context.update(
                {
                    "items": [
                        {
                            "feedback": item,
                            "author": author(item),
                            "received": nz_datetime(item.received_at),
                            "url": reverse(DETAIL, args=(item.pk,)),
                        }
                        for item in items
                    ],
                    "listing_url": reverse(INDEX)
                    + "?"
                    + urlencode({"recommendation": label}),
                    "scope": scope_sentence(self.request.user),
                    "published": self.instance.live,
                }
            )
            return context


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.may_read_any(request.user)


class FeedbackViewSet(ViewSet):
    """The "Public feedback" entry of the admin menu and its URLs."""

    name = "feedback"
    icon = "comment"
    menu_label = _("Public feedback")
    menu_order = 860
    add_to_admin_menu = True
    menu_item_class = FeedbackMenuItem

    def get_urlpatterns(self):
        common = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", FeedbackListingView.as_view(**common), name="index"),
            path(
                "results/",
                FeedbackListingView.as_view(**common, results_only=True),
                name="index_results",
            ),
            path("export.csv", export, name="export"),
            path("<int:pk>/", FeedbackDetailView.as_view(), name="detail"),
            path("<int:pk>/mark/", mark, name="mark"),
        ]
