"""The ActionFilter input."""

import strawberry

from ..enums import ProgressStatus, SmartLetter
from ..filtering import FilterInput, facet, flag


@strawberry.input(
    description="Filters of the action list. Values inside one filter are OR-ed "
    "(except `smart`); filters are AND-ed."
)
class ActionFilter(FilterInput):
    bodies: list[str] | None = facet(
        "bodies", "Body codes of the published recommendations it responds to."
    )
    cycles: list[str] | None = facet(
        "cycles", "Cycle codes of the published recommendations it responds to."
    )
    recommending_states: list[str] | None = facet(
        "recommending_states",
        "ISO 3166-1 alpha-3 codes of the States that made the published "
        "recommendations it responds to.",
    )
    issues: list[str] | None = facet("issues", "Human-rights issue slugs.")
    affected_groups: list[str] | None = facet(
        "affected_groups", "Affected group slugs."
    )
    agencies: list[str] | None = facet(
        "agencies", "Agency codes, as lead or responsible agency."
    )
    progress_statuses: list[ProgressStatus] | None = facet(
        "progress_statuses", "Progress statuses."
    )
    smart: list[SmartLetter] | None = facet(
        "smart",
        "SMART letters it must all meet: [S, M] matches actions "
        "that are both Specific and Measurable.",
    )
    pre_existing: bool | None = flag(
        "pre_existing",
        "true: only actions already on a work programme; false: none.",
    )
    overdue: bool | None = flag(
        "overdue",
        "true: only actions past their target date and not completed, or "
        "owing a progress report whose due date has passed (today in New "
        "Zealand); false: none of those.",
    )
    current_cycle_only: bool | None = flag(
        "current_cycle",
        "true: only actions responding to a recommendation of the "
        "latest cycle of its body.",
        only_true=True,
    )
