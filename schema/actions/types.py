"""The public Action type."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from content_models import models

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

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        """Published actions only, here and in every nested list."""
        return queryset.filter(live=True)
