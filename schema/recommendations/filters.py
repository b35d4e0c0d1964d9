"""The RecommendationFilter input."""

import strawberry

from ..enums import ProgressStatus, UprResponse
from ..listing import codes


@strawberry.input(
    description="Filters of the recommendation list. Values inside one filter "
    "are OR-ed; filters are AND-ed."
)
class RecommendationFilter:
    bodies: list[str] | None = strawberry.field(
        default=None, description="Body codes, e.g. UPR, CAT."
    )
    cycles: list[str] | None = strawberry.field(
        default=None, description="Reporting cycle codes, e.g. UPR-2024."
    )
    recommending_states: list[str] | None = strawberry.field(
        default=None, description="ISO 3166-1 alpha-3 codes of recommending States."
    )
    issues: list[str] | None = strawberry.field(
        default=None, description="Human-rights issue slugs."
    )
    affected_groups: list[str] | None = strawberry.field(
        default=None, description="Affected group slugs."
    )
    agencies: list[str] | None = strawberry.field(
        default=None, description="Codes of responsible agencies."
    )
    upr_responses: list[UprResponse] | None = strawberry.field(
        default=None, description="UPR responses."
    )
    sdgs: list[int] | None = strawberry.field(
        default=None, description="Sustainable Development Goal numbers."
    )
    action_statuses: list[ProgressStatus] | None = strawberry.field(
        default=None,
        description="Progress statuses of the published actions responding to it "
        "(a recommendation matches when any of its actions has one).",
    )
    has_actions: bool | None = strawberry.field(
        default=None,
        description="true: only those with a published action; false: only "
        "those without.",
    )
    follow_up: bool | None = strawberry.field(
        default=None, description="true: only one-year follow-up ones; false: none."
    )
    prioritised: bool | None = strawberry.field(
        default=None, description="true: only those Cabinet prioritised; false: none."
    )
    current_cycle_only: bool | None = strawberry.field(
        default=None, description="true: only the latest cycle of each body."
    )

    def selections(self) -> dict:
        return {
            "bodies": self.bodies,
            "cycles": self.cycles,
            "recommending_states": self.recommending_states,
            "issues": self.issues,
            "affected_groups": self.affected_groups,
            "agencies": self.agencies,
            "upr_responses": codes(self.upr_responses),
            "sdgs": codes(self.sdgs),
            "action_statuses": codes(self.action_statuses),
        }

    def flags(self) -> dict:
        return {
            "has_actions": self.has_actions,
            "follow_up": self.follow_up,
            "prioritised": self.prioritised,
            "current_cycle": True if self.current_cycle_only else None,
        }
