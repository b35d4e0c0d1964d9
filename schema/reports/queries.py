"""Root fields: the progress report list, and one report."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models.models import ProgressReport

from ..common import database_id
from ..enums import ProgressReportOrder
from ..lists import PublicList
from . import index
from .filters import ProgressReportFilter
from .types import ProgressReportType

PROGRESS_REPORTS = PublicList(
    "progressReports",
    model=ProgressReport,
    index=index,
    filter=ProgressReportFilter,
    item=ProgressReportType,
    order=ProgressReportOrder,
    description="Published progress reports on published actions, newest first.",
    search=False,
    own_order="newest",
)


@strawberry.type
class ProgressReportQuery:
    progress_reports = PROGRESS_REPORTS.field

    @strawberry_django.field(
        description="One published progress report by id; null when there is none."
    )
    def progress_report(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="Database id.")],
    ) -> ProgressReportType | None:
        return ProgressReport.objects.filter(pk=database_id(id))
