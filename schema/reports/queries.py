"""Root fields: the progress report list, and one report."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models.models import ProgressReport

from ..common import DEFAULT_LIMIT, database_id
from ..enums import ProgressReportOrder, ProgressStatus
from ..facets import Evaluation
from ..listing import (
    LIMIT_DESCRIPTION,
    OFFSET_DESCRIPTION,
    TOTAL_COUNT_DESCRIPTION,
    codes,
    items_field,
    page_queryset,
    run_list,
)
from . import index
from .types import ProgressReportType


@strawberry.input(description="Filters of the progress report list.")
class ProgressReportFilter:
    actions: list[str] | None = strawberry.field(
        default=None, description="References of the actions reported on."
    )
    indicators: list[str] | None = strawberry.field(
        default=None, description="References of the indicators reported on."
    )
    agencies: list[str] | None = strawberry.field(
        default=None,
        description="Codes of the lead or responsible agencies of the action.",
    )
    proposed_statuses: list[ProgressStatus] | None = strawberry.field(
        default=None, description="Progress statuses the reports set."
    )
    has_public_document: bool | None = strawberry.field(
        default=None,
        description="true: only reports with a published document; false: none.",
    )


@strawberry.type(description="One page of progress reports and the total.")
class ProgressReportList:
    total_count: int = strawberry.field(description=TOTAL_COUNT_DESCRIPTION)
    page_ids: strawberry.Private[list[int]]
    evaluation: strawberry.Private[Evaluation]

    @items_field()
    def items(self) -> list[ProgressReportType]:
        return page_queryset(ProgressReport, self.page_ids)


@strawberry.type
class ProgressReportQuery:
    @strawberry.field(
        description="Published progress reports on published actions, newest first."
    )
    def progress_reports(
        self,
        info: strawberry.Info,
        filter: ProgressReportFilter | None = None,
        order: Annotated[
            ProgressReportOrder | None,
            strawberry.argument(description="Order; default NEWEST."),
        ] = None,
        offset: Annotated[int, strawberry.argument(description=OFFSET_DESCRIPTION)] = 0,
        limit: Annotated[
            int, strawberry.argument(description=LIMIT_DESCRIPTION)
        ] = DEFAULT_LIMIT,
    ) -> ProgressReportList:
        filter = filter or ProgressReportFilter()
        result = run_list(
            info,
            key=index.KEY,
            build=index.build,
            selections={
                "actions": filter.actions,
                "indicators": filter.indicators,
                "agencies": filter.agencies,
                "proposed_statuses": codes(filter.proposed_statuses),
            },
            flags={"has_public_document": filter.has_public_document},
            order="oldest" if order is ProgressReportOrder.OLDEST else None,
            offset=offset,
            limit=limit,
        )
        return ProgressReportList(
            total_count=result.total_count,
            page_ids=result.page_ids,
            evaluation=result.evaluation,
        )

    @strawberry_django.field(
        description="One published progress report by id; null when there is none."
    )
    def progress_report(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="Database id.")],
    ) -> ProgressReportType | None:
        return ProgressReport.objects.filter(pk=database_id(id))
