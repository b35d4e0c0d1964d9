"""Root fields: the action list with facets, and one action."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models.models import Action

from ..common import DEFAULT_LIMIT, PublicError, database_id
from ..enums import ActionOrder
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
from .filters import ActionFilter
from .types import ActionType


@strawberry.type(description="Facets of the action list.")
class ActionFacets:
    evaluation: strawberry.Private[Evaluation]

    bodies = facet_field("bodies", "Bodies of the recommendations responded to.")
    cycles = facet_field("cycles", "Cycles of the recommendations responded to.")
    issues = facet_field("issues", "Human-rights issues.")
    affected_groups = facet_field("affected_groups", "Affected groups.")
    agencies = facet_field("agencies", "Lead and responsible agencies.")
    progress_statuses = facet_field("progress_statuses", "Progress statuses.")
    smart = facet_field(
        "smart", "SMART letters met (counted without the `smart` filter)."
    )


@strawberry.type(description="One page of actions, the total and facets.")
class ActionList:
    total_count: int = strawberry.field(description=TOTAL_COUNT_DESCRIPTION)
    page_ids: strawberry.Private[list[int]]
    evaluation: strawberry.Private[Evaluation]

    @items_field()
    def items(self) -> list[ActionType]:
        return page_queryset(Action, self.page_ids)

    @strawberry.field(description=FACETS_DESCRIPTION)
    def facets(self) -> ActionFacets:
        return ActionFacets(evaluation=self.evaluation)


@strawberry.type
class ActionQuery:
    @strawberry.field(
        description="Published actions: filter, search, order, page and facet "
        "counts in one request."
    )
    def actions(
        self,
        info: strawberry.Info,
        filter: ActionFilter | None = None,
        search: Annotated[
            str | None, strawberry.argument(description=SEARCH_DESCRIPTION)
        ] = None,
        order: Annotated[
            ActionOrder | None,
            strawberry.argument(
                description="Order; default RELEVANCE when searching, else REFERENCE."
            ),
        ] = None,
        offset: Annotated[int, strawberry.argument(description=OFFSET_DESCRIPTION)] = 0,
        limit: Annotated[
            int, strawberry.argument(description=LIMIT_DESCRIPTION)
        ] = DEFAULT_LIMIT,
    ) -> ActionList:
        filter = filter or ActionFilter()
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
        return ActionList(
            total_count=result.total_count,
            page_ids=result.page_ids,
            evaluation=result.evaluation,
        )

    @strawberry_django.field(
        description="One published action, by id or reference; null when there is none."
    )
    def action(
        self,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Database id.")
        ] = None,
        reference: Annotated[
            str | None, strawberry.argument(description="Unique reference.")
        ] = None,
    ) -> ActionType | None:
        if id is not None:
            return Action.objects.filter(pk=database_id(id))
        if reference:
            return Action.objects.filter(reference=reference)
        raise PublicError("Give an id or a reference.")
