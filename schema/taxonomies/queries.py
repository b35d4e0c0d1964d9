"""Root fields listing the taxonomies (small, bounded tables)."""

from typing import Annotated, Any

import strawberry
import strawberry_django

from content_models import models

from ..common import TAXONOMY_SIZES
from ..cost import list_size
from . import types


def every(model, item: type, description: str, size: str) -> Any:
    """A root field listing the whole of a taxonomy, in its natural order;
    the work budget counts it at ``TAXONOMY_SIZES[size]``."""

    def resolve(self) -> list[item]:  # type: ignore[valid-type]
        return model.objects.all()

    return strawberry_django.field(
        resolver=resolve,
        description=description,
        metadata=list_size(TAXONOMY_SIZES[size]),
    )


@strawberry.type
class TaxonomyQuery:
    human_rights_bodies = every(
        models.HumanRightsBody,
        types.HumanRightsBodyType,
        "Every UN human-rights body, by code.",
        "bodies",
    )

    @strawberry_django.field(
        description="Reporting cycles, by body code then most recent first.",
        metadata=list_size(TAXONOMY_SIZES["cycles"]),
    )
    def reporting_cycles(
        self,
        current_only: Annotated[
            bool,
            strawberry.argument(description="Only the latest cycle of each body."),
        ] = False,
    ) -> list[types.ReportingCycleType]:
        if current_only:
            return models.ReportingCycle.objects.current()
        return models.ReportingCycle.objects.all()

    countries = every(
        models.Country, types.CountryType, "Every country, by name.", "countries"
    )
    human_rights_issues = every(
        models.HumanRightsIssue,
        types.HumanRightsIssueType,
        "Every human-rights issue, by name.",
        "issues",
    )
    affected_groups = every(
        models.AffectedGroup,
        types.AffectedGroupType,
        "Every group of affected persons, by name.",
        "affected_groups",
    )
    agencies = every(
        models.Agency, types.AgencyType, "Every government agency, by name.", "agencies"
    )
    smart_criteria = every(
        models.SmartCriterion,
        types.SmartCriterionType,
        "The five SMART criteria, in order.",
        "smart",
    )
    sdgs = every(
        models.SustainableDevelopmentGoal,
        types.SustainableDevelopmentGoalType,
        "The 17 Sustainable Development Goals.",
        "sdgs",
    )
