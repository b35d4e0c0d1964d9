"""The public Indicator type."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django

from content_models import models

from ..common import REPORTS_LIMIT, SMART_LIMIT
from ..enums import IndicatorKind, SmartLetter
from ..fields import (
    SmartLetterAssessment,
    capped_list,
    enum_field,
    field,
    optional_text,
    smart_assessment,
    smart_letters,
)
from ..measures import DatedValueType, dated_value, values_field
from ..taxonomies import types as taxonomy

ActionType = Annotated["ActionType", strawberry.lazy("schema.actions.types")]
ProgressReportType = Annotated[
    "ProgressReportType", strawberry.lazy("schema.reports.types")
]


@strawberry_django.type(
    models.Indicator,
    name="Indicator",
    description="A published process step, key deliverable or progress "
    "indicator of a published action.",
)
class IndicatorType:
    id: strawberry.ID = field("Database id.")
    reference: str = field("Unique reference.")
    title: str = field("Title.")
    description: str | None = optional_text("description", "Description.")
    kind: IndicatorKind = enum_field("kind", IndicatorKind, "What it measures.")
    action: ActionType = field("The action it belongs to.")
    responsible_agency: taxonomy.AgencyType | None = field(
        "The agency that reports on it."
    )
    start_date: datetime.date | None = field("Start date.")
    end_date: datetime.date | None = field("End date.")
    report_every_months: int | None = field(
        "Reporting interval in months (1, 3, 6 or 12); null for a one-off."
    )
    smart_criteria: list[taxonomy.SmartCriterionType] = capped_list(
        "SMART criteria the lead agency tagged it with.", default_limit=SMART_LIMIT
    )
    progress_reports: list[ProgressReportType] = capped_list(
        "Published progress reports on it, newest first.",
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

    unit: str | None = optional_text(
        "unit",
        "What a measured indicator counts (e.g. places, %); null for a process "
        "step or deliverable.",
    )
    baseline: DatedValueType | None = dated_value(
        "baseline", "The baseline value and when it was measured; null when none."
    )
    target: DatedValueType | None = dated_value(
        "target", "The target value and when it should be reached; null when none."
    )
    values: list[DatedValueType] = values_field(
        "The values published progress reports on it recorded, oldest first, "
        "each at the report's due date (or its first publication for an "
        "unscheduled report). Empty for an indicator that is not measured."
    )

    smart: list[SmartLetter] = smart_letters(
        "The letters of its SMART criteria, in SMART order."
    )

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        """Published indicators of published actions only."""
        return queryset.filter(live=True, action__live=True)
