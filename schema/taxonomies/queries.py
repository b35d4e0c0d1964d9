"""Root fields listing the taxonomies (small, bounded tables)."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models import models

from ..common import TAXONOMY_SIZES
from ..cost import list_size
from .types import (
    AffectedGroupType,
    AgencyType,
    CountryType,
    HumanRightsBodyType,
    HumanRightsIssueType,
    ReportingCycleType,
    SmartCriterionType,
    SustainableDevelopmentGoalType,
)


@strawberry.type
class TaxonomyQuery:
    @strawberry_django.field(
        description="Every UN human-rights body, by code.",
        metadata=list_size(TAXONOMY_SIZES["bodies"]),
    )
    def human_rights_bodies(self) -> list[HumanRightsBodyType]:
        return models.HumanRightsBody.objects.all()

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
    ) -> list[ReportingCycleType]:
        if current_only:
            return models.ReportingCycle.objects.current()
        return models.ReportingCycle.objects.all()

    @strawberry_django.field(
        description="Every country, by name.",
        metadata=list_size(TAXONOMY_SIZES["countries"]),
    )
    def countries(self) -> list[CountryType]:
        return models.Country.objects.all()

    @strawberry_django.field(
        description="Every human-rights issue, by name.",
        metadata=list_size(TAXONOMY_SIZES["issues"]),
    )
    def human_rights_issues(self) -> list[HumanRightsIssueType]:
        return models.HumanRightsIssue.objects.all()

    @strawberry_django.field(
        description="Every group of affected persons, by name.",
        metadata=list_size(TAXONOMY_SIZES["affected_groups"]),
    )
    def affected_groups(self) -> list[AffectedGroupType]:
        return models.AffectedGroup.objects.all()

    @strawberry_django.field(
        description="Every government agency, by name.",
        metadata=list_size(TAXONOMY_SIZES["agencies"]),
    )
    def agencies(self) -> list[AgencyType]:
        return models.Agency.objects.all()

    @strawberry_django.field(
        description="The five SMART criteria, in order.",
        metadata=list_size(TAXONOMY_SIZES["smart"]),
    )
    def smart_criteria(self) -> list[SmartCriterionType]:
        return models.SmartCriterion.objects.all()

    @strawberry_django.field(
        description="The 17 Sustainable Development Goals.",
        metadata=list_size(TAXONOMY_SIZES["sdgs"]),
    )
    def sdgs(self) -> list[SustainableDevelopmentGoalType]:
        return models.SustainableDevelopmentGoal.objects.all()
