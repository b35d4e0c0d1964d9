"""The Monitor's domain models, one module per aggregate."""

from .actions import Action, ProgressStatus
from .cabinet import CabinetDecision, CabinetDocument
from .indicators import DueDate, Indicator
from .recommendations import MAX_FOLLOW_UPS_PER_CYCLE, Recommendation
from .reports import ProgressReport
from .smart import SMART_LETTERS, LetterAssessment, SmartAssessed
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
    "SMART_LETTERS",
    "Action",
    "AffectedGroup",
    "Agency",
    "CabinetDecision",
    "CabinetDocument",
    "Country",
    "DueDate",
    "HumanRightsBody",
    "HumanRightsIssue",
    "Indicator",
    "LetterAssessment",
    "ProgressReport",
    "ProgressStatus",
    "Recommendation",
    "ReportingCycle",
    "SmartAssessed",
    "SmartCriterion",
    "SustainableDevelopmentGoal",
]
