"""GraphQL enums; their values are the database values of the models' choices."""

from enum import Enum

import strawberry


@strawberry.enum(description="The State's response to a UPR recommendation.")
class UprResponse(Enum):
    SUPPORTED = strawberry.enum_value("supported", description="Supported.")
    SUPPORTED_IN_PART = strawberry.enum_value(
        "supported_in_part", description="Supported in part."
    )
    NOTED = strawberry.enum_value("noted", description="Noted (not supported).")


@strawberry.enum(description="How far an action has got.")
class ProgressStatus(Enum):
    IN_PREPARATION = strawberry.enum_value(
        "in_preparation", description="Being prepared; work has not started."
    )
    IN_PROGRESS = strawberry.enum_value("in_progress", description="Under way.")
    COMPLETED = strawberry.enum_value("completed", description="Completed.")


@strawberry.enum(description="One letter of SMART.")
class SmartLetter(Enum):
    S = strawberry.enum_value("S", description="Specific.")
    M = strawberry.enum_value("M", description="Measurable.")
    A = strawberry.enum_value("A", description="Assignable.")
    R = strawberry.enum_value("R", description="Relevant.")
    T = strawberry.enum_value("T", description="Time-bound.")


@strawberry.enum(description="The kind of UN human-rights body.")
class BodyKind(Enum):
    UPR = strawberry.enum_value("upr", description="Universal Periodic Review.")
    TREATY_BODY = strawberry.enum_value("treaty_body", description="A treaty body.")
    SPECIAL_PROCEDURE = strawberry.enum_value(
        "special_procedure", description="A special procedure."
    )
    OTHER = strawberry.enum_value("other", description="Another body.")


@strawberry.enum(description="What an indicator measures.")
class IndicatorKind(Enum):
    PROCESS_STEP = strawberry.enum_value("process_step", description="A process step.")
    KEY_DELIVERABLE = strawberry.enum_value(
        "key_deliverable", description="A key deliverable."
    )
    PROGRESS_INDICATOR = strawberry.enum_value(
        "progress_indicator", description="A progress indicator."
    )


@strawberry.enum(description="A committee's assessment of a follow-up report.")
class FollowUpGrade(Enum):
    A = strawberry.enum_value("A", description="Satisfactory.")
    B = strawberry.enum_value("B", description="Partially satisfactory.")
    C = strawberry.enum_value("C", description="Not satisfactory.")
    D = strawberry.enum_value("D", description="No reply.")
    E = strawberry.enum_value("E", description="Contrary measures.")


_REFERENCE = "By reference, numbers in numeric order."
_NEWEST = "Most recently first published first."
_RELEVANCE = (
    "Best search match first; the default when `search` is given. Without "
    "`search`, the same as REFERENCE."
)


@strawberry.enum(description="Orders of the recommendation list.")
class RecommendationOrder(Enum):
    REFERENCE = strawberry.enum_value(
        "reference",
        description="By cycle code, then reference (numbers in "
        "numeric order: 122.9 before 122.10).",
    )
    NEWEST = strawberry.enum_value(
        "newest",
        description="Most recently received cycle first, then by reference.",
    )
    RELEVANCE = strawberry.enum_value("relevance", description=_RELEVANCE)


@strawberry.enum(description="Orders of the action list.")
class ActionOrder(Enum):
    REFERENCE = strawberry.enum_value("reference", description=_REFERENCE)
    NEWEST = strawberry.enum_value("newest", description=_NEWEST)
    RELEVANCE = strawberry.enum_value("relevance", description=_RELEVANCE)


@strawberry.enum(description="Orders of the indicator list.")
class IndicatorOrder(Enum):
    REFERENCE = strawberry.enum_value("reference", description=_REFERENCE)
    NEWEST = strawberry.enum_value("newest", description=_NEWEST)
    RELEVANCE = strawberry.enum_value("relevance", description=_RELEVANCE)


@strawberry.enum(description="Orders of the progress report list.")
class ProgressReportOrder(Enum):
    NEWEST = strawberry.enum_value("newest", description=_NEWEST)
    OLDEST = strawberry.enum_value(
        "oldest", description="Earliest first published first."
    )
