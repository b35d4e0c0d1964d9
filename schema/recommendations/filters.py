"""The RecommendationFilter input."""

import strawberry

from ..enums import ProgressStatus, UprResponse
from ..filtering import FilterInput, facet, flag


@strawberry.input(
    description="Filters of the recommendation list. Values inside one filter "
    "are OR-ed; filters are AND-ed."
)
class RecommendationFilter(FilterInput):
    bodies: list[str] | None = facet("bodies", "Body codes, e.g. UPR, CAT.")
    cycles: list[str] | None = facet("cycles", "Reporting cycle codes, e.g. UPR-2024.")
    recommending_states: list[str] | None = facet(
        "recommending_states", "ISO 3166-1 alpha-3 codes of recommending States."
    )
    issues: list[str] | None = facet("issues", "Human-rights issue slugs.")
    affected_groups: list[str] | None = facet(
        "affected_groups", "Affected group slugs."
    )
    agencies: list[str] | None = facet("agencies", "Codes of responsible agencies.")
    upr_responses: list[UprResponse] | None = facet("upr_responses", "UPR responses.")
    sdgs: list[int] | None = facet("sdgs", "Sustainable Development Goal numbers.")
    action_statuses: list[ProgressStatus] | None = facet(
        "action_statuses",
        "Progress statuses of the published actions responding to it "
        "(a recommendation matches when any of its actions has one).",
    )
    has_actions: bool | None = flag(
        "has_actions",
        "true: only those with a published action; false: only those without.",
    )
    follow_up: bool | None = flag(
        "follow_up", "true: only one-year follow-up ones; false: none."
    )
    prioritised: bool | None = flag(
        "prioritised", "true: only those Cabinet prioritised; false: none."
    )
    current_cycle_only: bool | None = flag(
        "current_cycle",
        "true: only the latest cycle of each body.",
        only_true=True,
    )
