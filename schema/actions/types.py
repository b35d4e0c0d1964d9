"""The public Action type."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from content_models import models

from .. import versioning
from ..common import (
    INDICATORS_LIMIT,
    RECOMMENDATIONS_LIMIT,
    REPORTS_LIMIT,
    SMART_LIMIT,
    TERMS_LIMIT,
)
from ..enums import ProgressStatus, SmartLetter
from ..fields import (
    SmartLetterAssessment,
    capped_list,
    enum_field,
    field,
    optional_text,
    smart_assessment,
    smart_letters,
)
from ..taxonomies import types as taxonomy

RecommendationType = Annotated[
    "RecommendationType", strawberry.lazy("schema.recommendations.types")
]
IndicatorType = Annotated["IndicatorType", strawberry.lazy("schema.indicators.types")]
ProgressReportType = Annotated[
    "ProgressReportType", strawberry.lazy("schema.reports.types")
]


def is_past_target_date(action, today: datetime.date) -> bool:
    """Not completed and the target date is before ``today``."""
    return bool(
        action.target_date
        and action.target_date < today
        and action.progress_status != models.ProgressStatus.COMPLETED
    )


def _overdue_due_dates(action_id):
    return models.DueDate.objects.overdue(today=versioning.today()).filter(
        action_id=action_id
    )


def overdue_report_count():
    """Annotation: the action's overdue progress reports (one subquery)."""
    return Coalesce(
        Subquery(
            _overdue_due_dates(OuterRef("pk"))
            .order_by()
            .values("action_id")
            .annotate(count=Count("*"))
            .values("count")
        ),
        0,
    )


def overdue_report_since():
    """Annotation: the due date of the action's oldest overdue report."""
    return Subquery(
        _overdue_due_dates(OuterRef("pk")).order_by("date").values("date")[:1]
    )


def _overdue_report_count(action) -> int:
    if hasattr(action, "overdue_report_count"):
        return action.overdue_report_count
    return _overdue_due_dates(action.pk).count()


@strawberry_django.type(
    models.Action,
    name="Action",
    description="A published action: what the government does in response to "
    "recommendations.",
)
class ActionType:
    id: strawberry.ID = field("Database id.")
    reference: str = field("Unique reference.")
    title: str = field("Title.")
    description: str | None = optional_text("description", "What the action is.")
    desired_outcome: str | None = optional_text(
        "desired_outcome", "What it should achieve."
    )
    recommendations: list[RecommendationType] = capped_list(
        "Published recommendations it responds to, by cycle and reference.",
        default_limit=RECOMMENDATIONS_LIMIT,
    )
    recommendation_count: int = field(
        "How many published recommendations it responds to.",
        # A subquery, not Count(): an aggregate would GROUP BY the outer query.
        annotate={
            "recommendation_count": Coalesce(
                Subquery(
                    models.Action.recommendations.through.objects.filter(
                        action_id=OuterRef("pk"), recommendation__live=True
                    )
                    .values("action_id")
                    .annotate(count=Count("*"))
                    .values("count")
                ),
                0,
            )
        },
    )
    lead_agency: taxonomy.AgencyType | None = field("The agency that leads it.")
    responsible_agencies: list[taxonomy.AgencyType] = capped_list(
        "Agencies that carry it out.", default_limit=TERMS_LIMIT
    )
    issues: list[taxonomy.HumanRightsIssueType] = capped_list(
        "Human-rights issues it addresses.", default_limit=TERMS_LIMIT
    )
    affected_groups: list[taxonomy.AffectedGroupType] = capped_list(
        "Groups of affected persons it addresses.", default_limit=TERMS_LIMIT
    )
    progress_status: ProgressStatus = enum_field(
        "progress_status", ProgressStatus, "How far it has got."
    )
    smart_criteria: list[taxonomy.SmartCriterionType] = capped_list(
        "SMART criteria it meets, as assessed by the lead agency.",
        default_limit=SMART_LIMIT,
    )
    target_date: datetime.date | None = field("When it should be done.")
    target_date_comment: str | None = optional_text(
        "target_date_comment", "Comment on the target date."
    )
    cabinet_reference: str | None = optional_text(
        "cabinet_reference", "Reference of the Cabinet decision."
    )
    pre_existing: bool = field("It was already on an agency's work programme.")
    indicators: list[IndicatorType] = capped_list(
        "Its published indicators, by reference.", default_limit=INDICATORS_LIMIT
    )
    progress_reports: list[ProgressReportType] = capped_list(
        "Its published progress reports, newest first.",
        default_limit=REPORTS_LIMIT,
    )
    smart_assessment: list[SmartLetterAssessment] = smart_assessment(
        "The lead agency's SMART assessment: each letter in SMART order, met or "
        "not, with its reason."
    )
    smart_assessed_at: datetime.datetime | None = field(
        "When the lead agency last changed its SMART assessment; null when not "
        "recorded."
    )
    first_published_at: datetime.datetime | None = field("When first published.")
    last_published_at: datetime.datetime | None = field("When last published.")

    smart: list[SmartLetter] = smart_letters(
        "The letters of the SMART criteria it meets, in SMART order."
    )

    @strawberry_django.field(
        description="Not completed and its target date has passed (today in "
        "New Zealand).",
        only=["target_date", "progress_status"],
    )
    def past_target_date(self) -> bool:
        return is_past_target_date(self, versioning.today())

    @strawberry_django.field(
        description="How many progress reports were due before today (in New "
        "Zealand) and are not published yet; 0 once the action is completed.",
        annotate={"overdue_report_count": lambda info: overdue_report_count()},
    )
    def overdue_reports(self) -> int:
        return _overdue_report_count(self)

    @strawberry_django.field(
        description="The due date of its oldest overdue progress report; null "
        "when none is overdue.",
        annotate={"overdue_report_since": lambda info: overdue_report_since()},
    )
    def report_overdue_since(self) -> datetime.date | None:
        if hasattr(self, "overdue_report_since"):
            return self.overdue_report_since
        return _overdue_due_dates(self.pk).values_list("date", flat=True).first()

    @strawberry_django.field(
        description="Past its target date or owing an overdue progress report: "
        "what the `overdue` filter selects.",
        only=["target_date", "progress_status"],
        annotate={"overdue_report_count": lambda info: overdue_report_count()},
    )
    def overdue(self) -> bool:
        return is_past_target_date(self, versioning.today()) or bool(
            _overdue_report_count(self)
        )

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        """Published actions only, here and in every nested list."""
        return queryset.filter(live=True)
