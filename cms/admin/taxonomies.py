"""Snippet viewsets of the taxonomies administrators maintain."""

from django.db.models import Count, Exists, OuterRef
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, NumberColumn
from wagtail.snippets.views import snippets as snippet_views

from content_models.actions import save_agency
from content_models.models import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    ReportingCycle,
    SmartCriterion,
    SustainableDevelopmentGoal,
)

from .base import MonitorViewSet
from .filters import HumanRightsBodyFilterSet, ReportingCycleFilterSet
from .listing import related_column
from .panels import agency_panels, smart_criterion_panels
from .response_board import ResponseBoardColumn
from .search import AdminSearch


class AgencyCreateView(snippet_views.CreateView):
    """Creates the agency's document collection with it (``save_agency``)."""

    def save_instance(self):
        # Wagtail's create action saves the form and logs; both run inside the
        # view's transaction, with the collection.
        return save_agency(agency=super().save_instance())


class AgencyEditView(snippet_views.EditView):
    """Renames the agency's document collection with it (``save_agency``)."""

    def save_instance(self):
        return save_agency(agency=super().save_instance())


class AgencyViewSet(MonitorViewSet):
    model = Agency
    icon = "group"
    add_view_class = AgencyCreateView
    edit_view_class = AgencyEditView
    list_display = [
        "name",
        "code",
        "email",
        NumberColumn("member_count", label=_("Members"), sort_key="member_count"),
    ]
    admin_search = AdminSearch(fields=("name", "code", "email"))
    panels = agency_panels

    def annotate_listing(self, queryset):
        return queryset.annotate(member_count=Count("members"))


class HumanRightsBodyViewSet(MonitorViewSet):
    model = HumanRightsBody
    icon = "site"
    list_display = [
        "code",
        "name",
        "kind",
        related_column("lead_agency", "name", _("Lead agency")),
    ]
    filterset_class = HumanRightsBodyFilterSet
    admin_search = AdminSearch(fields=("code", "name", "treaty"))
    listing_select_related = ("lead_agency",)


class ReportingCycleViewSet(MonitorViewSet):
    model = ReportingCycle
    icon = "calendar"
    list_display = [
        "code",
        "name",
        "body",
        ResponseBoardColumn(),
        "received_on",
        "follow_up_due_on",
        Column(
            "cabinet_target",
            label=_("Cabinet target"),
            accessor=lambda cycle: cycle.cabinet_target_date,
        ),
        BooleanColumn(
            "is_current_cycle", label=_("Current"), sort_key="is_current_cycle"
        ),
    ]
    filterset_class = ReportingCycleFilterSet
    admin_search = AdminSearch(fields=("code", "name", "document_symbol", "body__code"))
    listing_select_related = ("body",)

    def annotate_listing(self, queryset):
        # ``ReportingCycle.is_current`` queries per object; one EXISTS per listing.
        current = ReportingCycle.objects.current().filter(pk=OuterRef("pk"))
        return queryset.annotate(is_current_cycle=Exists(current))


class CountryViewSet(MonitorViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", "alpha_2", "official_name"]
    admin_search = AdminSearch(fields=("name", "code", "alpha_2", "official_name"))
    list_per_page = 50


class HumanRightsIssueViewSet(MonitorViewSet):
    model = HumanRightsIssue
    icon = "tag"
    list_display = ["name", "short_name", "slug"]
    admin_search = AdminSearch(fields=("name", "short_name", "slug"))
    list_per_page = 50


class AffectedGroupViewSet(HumanRightsIssueViewSet):
    model = AffectedGroup
    icon = "user"


class SmartCriterionViewSet(MonitorViewSet):
    model = SmartCriterion
    icon = "tick-inverse"
    list_display = [
        "letter",
        "name",
        Column(
            "definition",
            label=_("Definition"),
            accessor=lambda criterion: Truncator(criterion.definition).chars(120),
        ),
        "sort_order",
    ]
    admin_search = AdminSearch(fields=("letter", "name", "definition"))
    panels = smart_criterion_panels


class SustainableDevelopmentGoalViewSet(MonitorViewSet):
    model = SustainableDevelopmentGoal
    icon = "crosshairs"
    menu_label = _("Sustainable Development Goals")
    list_display = ["number", "name"]
    admin_search = AdminSearch(fields=("number", "name"))


TAXONOMY_VIEWSETS = [
    AgencyViewSet,
    HumanRightsBodyViewSet,
    ReportingCycleViewSet,
    CountryViewSet,
    HumanRightsIssueViewSet,
    AffectedGroupViewSet,
    SmartCriterionViewSet,
    SustainableDevelopmentGoalViewSet,
]
