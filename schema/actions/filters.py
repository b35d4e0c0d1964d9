"""The ActionFilter input."""

import strawberry

from ..enums import ProgressStatus, SmartLetter
from ..listing import codes


@strawberry.input(
    description="Filters of the action list. Values inside one filter are OR-ed "
    "(except `smart`); filters are AND-ed."
)
class ActionFilter:
    bodies: list[str] | None = strawberry.field(
        default=None,
        description="Body codes of the published recommendations it responds to.",
    )
    cycles: list[str] | None = strawberry.field(
        default=None,
        description="Cycle codes of the published recommendations it responds to.",
    )
    issues: list[str] | None = strawberry.field(
        default=None, description="Human-rights issue slugs."
    )
    affected_groups: list[str] | None = strawberry.field(
        default=None, description="Affected group slugs."
    )
    agencies: list[str] | None = strawberry.field(
        default=None, description="Agency codes, as lead or responsible agency."
    )
    progress_statuses: list[ProgressStatus] | None = strawberry.field(
        default=None, description="Progress statuses."
    )
    smart: list[SmartLetter] | None = strawberry.field(
        default=None,
        description="SMART letters it must all meet: [S, M] matches actions "
        "that are both Specific and Measurable.",
    )
    pre_existing: bool | None = strawberry.field(
        default=None,
        description="true: only actions already on a work programme; false: none.",
    )
    current_cycle_only: bool | None = strawberry.field(
        default=None,
        description="true: only actions responding to a recommendation of the "
        "latest cycle of its body.",
    )

    def selections(self) -> dict:
        return {
            "bodies": self.bodies,
            "cycles": self.cycles,
            "issues": self.issues,
            "affected_groups": self.affected_groups,
            "agencies": self.agencies,
            "progress_statuses": codes(self.progress_statuses),
            "smart": codes(self.smart),
        }

    def flags(self) -> dict:
        return {
            "pre_existing": self.pre_existing,
            "current_cycle": True if self.current_cycle_only else None,
        }
