"""Root fields: the recommendation list with facets, and one recommendation."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models.models import Recommendation

from ..common import PublicError, database_id
from ..enums import RecommendationOrder
from ..lists import PublicList
from . import index
from .filters import RecommendationFilter
from .types import RecommendationType

RECOMMENDATIONS = PublicList(
    "recommendations",
    model=Recommendation,
    index=index,
    filter=RecommendationFilter,
    item=RecommendationType,
    order=RecommendationOrder,
    description="Published recommendations: filter, search, "
    "order, page and facet counts in one request.",
    facets={
        "bodies": "Human-rights bodies.",
        "cycles": "Reporting cycles.",
        "recommending_states": "Recommending States.",
        "issues": "Human-rights issues.",
        "affected_groups": "Affected groups.",
        "agencies": "Responsible agencies.",
        "upr_responses": "UPR responses.",
        "sdgs": "Sustainable Development Goals.",
        "action_statuses": "Progress statuses of responding actions.",
    },
)


@strawberry.type
class RecommendationQuery:
    recommendations = RECOMMENDATIONS.field

    @strawberry_django.field(
        description="One published recommendation, by id or by cycle code and "
        "reference; null when there is none."
    )
    def recommendation(
        self,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Database id.")
        ] = None,
        cycle: Annotated[
            str | None, strawberry.argument(description="Reporting cycle code.")
        ] = None,
        reference: Annotated[
            str | None, strawberry.argument(description="Reference in that cycle.")
        ] = None,
    ) -> RecommendationType | None:
        if id is not None:
            return Recommendation.objects.filter(pk=database_id(id))
        if cycle and reference:
            return Recommendation.objects.filter(cycle__code=cycle, reference=reference)
        raise PublicError("Give an id, or a cycle and a reference.")
