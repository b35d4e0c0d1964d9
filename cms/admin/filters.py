"""Listing filters of the Monitor's admin (django-filter via Wagtail)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from content_models.models import (
    Action,
    AffectedGroup,
    Agency,
    DueDate,
    HumanRightsBody,
    HumanRightsIssue,
    Indicator,
    ProgressReport,
    Recommendation,
    ReportingCycle,
    SmartCriterion,
)


def choice(queryset, label, field_name=None, **kwargs):
    """A single-select filter on a relation: taxonomies are short lists."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=queryset, label=label, **kwargs
    )


def agencies():
    return Agency.objects.all()


def bodies():
    return HumanRightsBody.objects.all()


def cycles():
    return ReportingCycle.objects.all()


class HumanRightsBodyFilterSet(WagtailFilterSet):
    class Meta:
        model = HumanRightsBody
        fields = ["kind", "lead_agency"]


class ReportingCycleFilterSet(WagtailFilterSet):
    current = django_filters.BooleanFilter(
        label=_("Current cycle"), method="filter_current", widget=BooleanRadioSelect
    )

    class Meta:
        model = ReportingCycle
        fields = ["body"]

    def filter_current(self, queryset, name, value):
        current = ReportingCycle.objects.current().filter(pk=OuterRef("pk"))
        return queryset.filter(Exists(current) if value else ~Exists(current))


class RecommendationFilterSet(WagtailFilterSet):
    body = choice(bodies(), _("Body"), "cycle__body")
    cycle = choice(cycles(), _("Reporting cycle"))
    issues = choice(HumanRightsIssue.objects.all(), _("Human rights issue"))
    affected_groups = choice(AffectedGroup.objects.all(), _("Affected group"))
    responsible_agencies = choice(agencies(), _("Responsible agency"))

    class Meta:
        model = Recommendation
        fields = ["upr_response", "follow_up", "prioritised", "live"]


class ActionFilterSet(WagtailFilterSet):
    # Through the recommendations: an action answering two recommendations of
    # one cycle would be listed twice without distinct.
    body = choice(bodies(), _("Body"), "recommendations__cycle__body", distinct=True)
    cycle = choice(
        cycles(), _("Reporting cycle"), "recommendations__cycle", distinct=True
    )
    lead_agency = choice(agencies(), _("Lead agency"))
    responsible_agencies = choice(agencies(), _("Responsible agency"))
    issues = choice(HumanRightsIssue.objects.all(), _("Human rights issue"))
    affected_groups = choice(AffectedGroup.objects.all(), _("Affected group"))
    smart_criteria = choice(SmartCriterion.objects.all(), _("SMART criterion met"))

    class Meta:
        model = Action
        fields = ["progress_status", "pre_existing", "live"]


class IndicatorFilterSet(WagtailFilterSet):
    lead_agency = choice(
        agencies(), _("Lead agency of the action"), "action__lead_agency"
    )
    responsible_agency = choice(agencies(), _("Responsible agency"))
    smart_criteria = choice(SmartCriterion.objects.all(), _("SMART criterion"))

    class Meta:
        model = Indicator
        fields = ["kind", "report_every_months", "live"]


class ProgressReportFilterSet(WagtailFilterSet):
    lead_agency = choice(
        agencies(), _("Lead agency of the action"), "action__lead_agency"
    )
    scheduled = django_filters.BooleanFilter(
        field_name="due_date",
        lookup_expr="isnull",
        exclude=True,
        label=_("Answers a due date"),
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = ProgressReport
        fields = ["proposed_status", "document_public", "live"]


class DueDateFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )
    lead_agency = choice(
        agencies(), _("Lead agency of the action"), "action__lead_agency"
    )
    reported = django_filters.BooleanFilter(
        label=_("Reported"), method="filter_reported", widget=BooleanRadioSelect
    )

    class Meta:
        model = DueDate
        fields = []

    def filter_reported(self, queryset, name, value):
        reports = ProgressReport.objects.live().filter(due_date=OuterRef("pk"))
        return queryset.filter(Exists(reports) if value else ~Exists(reports))
