"""The public ProgressReport type."""

import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
import strawberry_django
from wagtail.rich_text import expand_db_html

from content_models import models

from ..documents import PublicDocument, public_document
from ..enums import ProgressStatus
from ..fields import enum_field, field
from ..measures import measured_value as measured_value_field

ActionType = Annotated["ActionType", strawberry.lazy("schema.actions.types")]
IndicatorType = Annotated["IndicatorType", strawberry.lazy("schema.indicators.types")]


@strawberry_django.type(
    models.ProgressReport,
    name="ProgressReport",
    description="A published progress report on a published action.",
)
class ProgressReportType:
    id: strawberry.ID = field("Database id.")
    title: str = field("Title.")
    action: ActionType = field("The action it reports on.")
    proposed_status: ProgressStatus | None = enum_field(
        "proposed_status",
        ProgressStatus,
        "The action's progress status this report set when it was published.",
    )
    measured_value: Decimal | None = measured_value_field(
        "The value of its measured indicator at its due date (or first "
        "publication); null when it records none."
    )
    first_published_at: datetime.datetime | None = field("When first published.")
    last_published_at: datetime.datetime | None = field("When last published.")

    @strawberry_django.field(description="The report, as HTML.")
    def body(self) -> str:
        return expand_db_html(self.body) if self.body else ""

    @strawberry_django.field(
        description="The indicator it reports on, if any (and published).",
        select_related=["indicator"],
    )
    def indicator(self) -> IndicatorType | None:
        indicator = self.indicator if self.indicator_id else None
        return indicator if indicator is not None and indicator.live else None

    @strawberry_django.field(
        description="The due date it answers; null for an unscheduled report.",
        select_related=["due_date"],
    )
    def due_date(self) -> datetime.date | None:
        return self.due_date.date if self.due_date_id else None

    @strawberry_django.field(
        description="The attached document, only when it is published with the report.",
        select_related=["document"],
    )
    def document(self, info: strawberry.Info) -> PublicDocument | None:
        if not (self.document_public and self.document_id):
            return None
        return public_document(self.document, info)

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        """Published reports on published actions only."""
        return queryset.filter(live=True, action__live=True)
