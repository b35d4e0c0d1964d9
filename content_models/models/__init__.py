"""The Monitor's domain models, one module per aggregate."""

from .actions import Action, ProgressStatus
from .indicators import DueDate, Indicator
from .recommendations import MAX_FOLLOW_UPS_PER_CYCLE, Recommendation
from .reports import ProgressReport
from .taxonomies import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    ReportingCycle,
    SmartCriterion,
    SustainableDevelopmentGoal,
)

__all__ = [
    "MAX_FOLLOW_UPS_PER_CYCLE",
    "Action",
    "AffectedGroup",
    "Agency",
    "Country",
    "DueDate",
    "HumanRightsBody",
    "HumanRightsIssue",
    "Indicator",
    "ProgressReport",
    "ProgressStatus",
    "Recommendation",
    "ReportingCycle",
    "SmartCriterion",
    "SustainableDevelopmentGoal",
]
