"""Root fields: the recommendation list with facets, and one recommendation."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models.models import Recommendation

from ..common import DEFAULT_LIMIT, PublicError, database_id
from ..enums import RecommendationOrder
from ..facets import Evaluation
from ..listing import (
    FACETS_DESCRIPTION,
    LIMIT_DESCRIPTION,
    OFFSET_DESCRIPTION,
    SEARCH_DESCRIPTION,
    TOTAL_COUNT_DESCRIPTION,
    facet_field,
    items_field,
    page_queryset,
    run_list,
)
from . import index
from .filters import RecommendationFilter
from .types import RecommendationType


@strawberry.type(description="Facets of the recommendation list.")
class RecommendationFacets:
    evaluation: strawberry.Private[Evaluation]

    bodies = facet_field("bodies", "Human-rights bodies.")
    cycles = facet_field("cycles", "Reporting cycles.")
    recommending_states = facet_field("recommending_states", "Recommending States.")
    issues = facet_field("issues", "Human-rights issues.")
    affected_groups = facet_field("affected_groups", "Affected groups.")
    agencies = facet_field("agencies", "Responsible agencies.")
    upr_responses = facet_field("upr_responses", "UPR responses.")
    sdgs = facet_field("sdgs", "Sustainable Development Goals.")
    action_statuses = facet_field(
        "action_statuses", "Progress statuses of responding actions."
    )


@strawberry.type(description="One page of recommendations, the total and facets.")
class RecommendationList:
    total_count: int = strawberry.field(description=TOTAL_COUNT_DESCRIPTION)
    page_ids: strawberry.Private[list[int]]
    evaluation: strawberry.Private[Evaluation]

    @items_field()
    def items(self) -> list[RecommendationType]:
        return page_queryset(Recommendation, self.page_ids)

    @strawberry.field(description=FACETS_DESCRIPTION)
    def facets(self) -> RecommendationFacets:
        return RecommendationFacets(evaluation=self.evaluation)


@strawberry.type
class RecommendationQuery:
    @strawberry.field(
        description="Published recommendations: filter, search, "
        "order, page and facet counts in one request."
    )
    def recommendations(
        self,
        info: strawberry.Info,
        filter: RecommendationFilter | None = None,
        search: Annotated[
            str | None, strawberry.argument(description=SEARCH_DESCRIPTION)
        ] = None,
        order: Annotated[
            RecommendationOrder | None,
            strawberry.argument(
                description="Order; default RELEVANCE when searching, else REFERENCE."
            ),
        ] = None,
        offset: Annotated[int, strawberry.argument(description=OFFSET_DESCRIPTION)] = 0,
        limit: Annotated[
            int, strawberry.argument(description=LIMIT_DESCRIPTION)
        ] = DEFAULT_LIMIT,
    ) -> RecommendationList:
        filter = filter or RecommendationFilter()
        result = run_list(
            info,
            key=index.KEY,
            build=index.build,
            selections=filter.selections(),
            flags=filter.flags(),
            search=search,
            order=order.value if order else None,
            offset=offset,
            limit=limit,
        )
        return RecommendationList(
            total_count=result.total_count,
            page_ids=result.page_ids,
            evaluation=result.evaluation,
        )

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
