"""The public Recommendation type."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django

from content_models import models

from ..common import (
    ACTIONS_LIMIT,
    MAX_LIMIT,
    RELATED_LIMIT,
    SDGS_LIMIT,
    STATES_LIMIT,
    TERMS_LIMIT,
    check_page,
)
from ..enums import FollowUpGrade, UprResponse
from ..fields import capped_list, enum_field, field, optional_text
from ..taxonomies import types as taxonomy

ActionType = Annotated["ActionType", strawberry.lazy("schema.actions.types")]


@strawberry_django.type(
    models.Recommendation,
    name="Recommendation",
    description="A published recommendation of one reporting cycle.",
)
class RecommendationType:
    id: strawberry.ID = field("Database id.")
    reference: str = field("Reference, unique within its cycle, e.g. 122.45.")
    title: str | None = optional_text("title", "Optional short title.")
    text: str = field("Full text of the recommendation.")
    cycle: taxonomy.ReportingCycleType = field("The reporting cycle it was made in.")
    recommending_states: list[taxonomy.CountryType] = capped_list(
        "States that made it (UPR), by name.", default_limit=STATES_LIMIT
    )
    issues: list[taxonomy.HumanRightsIssueType] = capped_list(
        "Human-rights issues it concerns.", default_limit=TERMS_LIMIT
    )
    affected_groups: list[taxonomy.AffectedGroupType] = capped_list(
        "Groups of affected persons it concerns.", default_limit=TERMS_LIMIT
    )
    sdgs: list[taxonomy.SustainableDevelopmentGoalType] = capped_list(
        "Sustainable Development Goals it relates to.", default_limit=SDGS_LIMIT
    )
    responsible_agencies: list[taxonomy.AgencyType] = capped_list(
        "Agencies responsible for responding to it.", default_limit=TERMS_LIMIT
    )
    prioritised: bool = field("Cabinet agreed to prioritise it.")
    upr_response: UprResponse | None = enum_field(
        "upr_response", UprResponse, "The State's response (UPR only)."
    )
    response_comment: str | None = optional_text(
        "response_comment", "Comment on the response."
    )
    follow_up: bool = field(
        "The committee asked for a one-year update on it (at most 4 per cycle)."
    )
    follow_up_grade: FollowUpGrade | None = enum_field(
        "follow_up_grade", FollowUpGrade, "The committee's follow-up assessment."
    )
    no_action_reason: str | None = optional_text(
        "no_action_reason", "Why no action is proposed, if none is."
    )
    document_symbol: str | None = optional_text(
        "document_symbol", "UN document symbol it comes from."
    )
    paragraph: str | None = optional_text("paragraph", "Paragraph in that document.")
    source_url: str | None = optional_text("source_url", "Link to the source.")
    uhri_id: str | None = optional_text(
        "uhri_id", "OHCHR Universal Human Rights Index annotation id."
    )
    actions: list[ActionType] = capped_list(
        "Published actions that respond to it, by reference.",
        default_limit=ACTIONS_LIMIT,
    )
    first_published_at: datetime.datetime | None = field("When first published.")
    last_published_at: datetime.datetime | None = field("When last published.")

    @strawberry_django.field(
        description="Published recommendations of other bodies or cycles recorded "
        "as asking for the same thing (whichever of the two it was recorded on), "
        "by cycle code and reference."
    )
    def related_recommendations(
        self,
        offset: Annotated[
            int, strawberry.argument(description="How many to skip (0 or more).")
        ] = 0,
        limit: Annotated[
            int,
            strawberry.argument(
                description=f"How many, 0 to {MAX_LIMIT}; {RELATED_LIMIT} when "
                "not given."
            ),
        ] = RELATED_LIMIT,
    ) -> list[
        Annotated["RecommendationType", strawberry.lazy("schema.recommendations.types")]
    ]:
        check_page(offset, limit)
        return list(self.published_related()[offset : offset + limit])

    @strawberry_django.field(
        description="CYCLE/REFERENCE, the key the importers and exports use.",
        select_related=["cycle"],
    )
    def natural_key(self) -> str:
        return f"{self.cycle.code}/{self.reference}"

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        """Published recommendations only, here and in every nested list."""
        return queryset.filter(live=True)
