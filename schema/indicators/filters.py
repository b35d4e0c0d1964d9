"""The IndicatorFilter input."""

import strawberry

from ..enums import IndicatorKind, ProgressStatus, SmartLetter
from ..filtering import FilterInput, facet


@strawberry.input(description="Filters of the indicator list.")
class IndicatorFilter(FilterInput):
    actions: list[str] | None = facet(
        "actions", "References of the actions they belong to.", known_only=False
    )
    agencies: list[str] | None = facet("agencies", "Codes of the responsible agencies.")
    kinds: list[IndicatorKind] | None = facet("kinds", "Kinds.")
    smart: list[SmartLetter] | None = facet(
        "smart", "SMART letters it must all be tagged with."
    )
    progress_statuses: list[ProgressStatus] | None = facet(
        "progress_statuses", "Progress statuses of the actions they belong to."
    )
