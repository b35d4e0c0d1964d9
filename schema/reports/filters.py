"""The ProgressReportFilter input."""

import strawberry

from ..enums import ProgressStatus
from ..filtering import FilterInput, facet, flag


@strawberry.input(description="Filters of the progress report list.")
class ProgressReportFilter(FilterInput):
    actions: list[str] | None = facet(
        "actions", "References of the actions reported on.", known_only=False
    )
    indicators: list[str] | None = facet(
        "indicators", "References of the indicators reported on.", known_only=False
    )
    agencies: list[str] | None = facet(
        "agencies", "Codes of the lead or responsible agencies of the action."
    )
    proposed_statuses: list[ProgressStatus] | None = facet(
        "proposed_statuses", "Progress statuses the reports set."
    )
    has_public_document: bool | None = flag(
        "has_public_document",
        "true: only reports with a published document; false: none.",
    )
