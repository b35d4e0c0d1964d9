"""Snippet viewsets of the moderated content, and the read-only due dates."""

from django.contrib.auth import get_permission_codename
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    LiveStatusTagColumn,
    UpdatedAtColumn,
)

from content_models.models import (
    Action,
    DueDate,
    Indicator,
    ProgressReport,
    Recommendation,
)

from .base import ContentViewSet, MonitorViewSet
from .filters import (
    ActionFilterSet,
    DueDateFilterSet,
    IndicatorFilterSet,
    ProgressReportFilterSet,
    RecommendationFilterSet,
)
from .listing import (
    RelatedListColumn,
    related_column,
    schedule_summary,
    short_text,
)
from .panels import (
    action_edit_handler,
    indicator_edit_handler,
    progress_report_edit_handler,
    recommendation_edit_handler,
)
from .search import AdminSearch


class RecommendationViewSet(ContentViewSet):
    model = Recommendation
    icon = "doc-full"
    list_display = [
        "reference",
        Column("short_text", accessor=short_text, label=_("Text")),
        "cycle",
        "upr_response",
        BooleanColumn("follow_up", label=_("Follow-up"), sort_key="follow_up"),
        RelatedListColumn(
            "responsible_agencies",
            item=lambda agency: agency.name,
            separator="; ",
            label=_("Agencies"),
        ),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    filterset_class = RecommendationFilterSet
    admin_search = AdminSearch(index="recommendation", fields=("cycle__code",))
    edit_handler = recommendation_edit_handler
    listing_select_related = ("cycle",)
    listing_prefetch_related = ("responsible_agencies",)


class ActionViewSet(ContentViewSet):
    model = Action
    icon = "tasks"
    list_display = [
        "reference",
        "title",
        related_column("lead_agency", "name", _("Lead agency")),
        "progress_status",
        RelatedListColumn(
            "smart_criteria",
            item=lambda criterion: criterion.letter,
            separator="",
            label=_("SMART"),
        ),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    filterset_class = ActionFilterSet
    admin_search = AdminSearch(index="action")
    edit_handler = action_edit_handler
    listing_select_related = ("lead_agency",)
    listing_prefetch_related = ("smart_criteria",)


class IndicatorViewSet(ContentViewSet):
    model = Indicator
    icon = "list-ol"
    list_display = [
        "reference",
        "title",
        related_column("action", "reference", _("Action")),
        related_column("responsible_agency", "name", _("Responsible agency")),
        "kind",
        Column("schedule", accessor=schedule_summary, label=_("Schedule")),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    filterset_class = IndicatorFilterSet
    admin_search = AdminSearch(index="indicator", through={"action": "action"})
    edit_handler = indicator_edit_handler
    listing_select_related = ("action", "responsible_agency")


class ProgressReportViewSet(ContentViewSet):
    model = ProgressReport
    icon = "doc-empty"
    list_display = [
        "title",
        related_column("action", "reference", _("Action")),
        related_column("due_date", "date", _("Due date")),
        "proposed_status",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    filterset_class = ProgressReportFilterSet
    admin_search = AdminSearch(index="progress_report", through={"action": "action"})
    edit_handler = progress_report_edit_handler
    listing_select_related = ("action", "due_date")


class DueDateViewSet(MonitorViewSet):
    """Due dates are generated from indicator schedules: list and inspect only.

    ``wagtail_hooks`` registers a read-only permission policy for them.
    """

    model = DueDate
    icon = "calendar-check"
    copy_view_enabled = False
    list_display = [
        "date",
        related_column("action", "reference", _("Action")),
        related_column("indicator", "reference", _("Indicator")),
        BooleanColumn("reported", label=_("Reported"), sort_key="reported"),
    ]
    filterset_class = DueDateFilterSet
    admin_search = AdminSearch(through={"action": "action", "indicator": "indicator"})
    listing_select_related = ("action", "indicator")

    def annotate_listing(self, queryset):
        reports = ProgressReport.objects.live().filter(due_date=OuterRef("pk"))
        return queryset.annotate(reported=Exists(reports))

    def get_permissions_to_register(self):
        # Add, change and delete would be checkboxes without effect.
        codename = get_permission_codename("view", self.model_opts)
        return super().get_permissions_to_register().filter(codename=codename)


CONTENT_VIEWSETS = [
    RecommendationViewSet,
    ActionViewSet,
    IndicatorViewSet,
    ProgressReportViewSet,
    DueDateViewSet,
]
