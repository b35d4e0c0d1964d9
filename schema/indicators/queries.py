"""Root fields: the indicator list with facets, and one indicator."""

from typing import Annotated

import strawberry
import strawberry_django

from content_models.models import Indicator

from ..common import DEFAULT_LIMIT, PublicError, database_id
from ..enums import IndicatorKind, IndicatorOrder, SmartLetter
from ..facets import Evaluation
from ..listing import (
    FACETS_DESCRIPTION,
    LIMIT_DESCRIPTION,
    OFFSET_DESCRIPTION,
    SEARCH_DESCRIPTION,
    TOTAL_COUNT_DESCRIPTION,
    codes,
    facet_field,
    items_field,
    page_queryset,
    run_list,
)
from . import index
from .types import IndicatorType


@strawberry.input(description="Filters of the indicator list.")
class IndicatorFilter:
    actions: list[str] | None = strawberry.field(
        default=None, description="References of the actions they belong to."
    )
    agencies: list[str] | None = strawberry.field(
        default=None, description="Codes of the responsible agencies."
    )
    kinds: list[IndicatorKind] | None = strawberry.field(
        default=None, description="Kinds."
    )
    smart: list[SmartLetter] | None = strawberry.field(
        default=None, description="SMART letters it must all be tagged with."
    )


@strawberry.type(description="Facets of the indicator list.")
class IndicatorFacets:
    evaluation: strawberry.Private[Evaluation]

    agencies = facet_field("agencies", "Responsible agencies.")
    kinds = facet_field("kinds", "Kinds.")
    smart = facet_field("smart", "SMART letters (counted without `smart`).")


@strawberry.type(description="One page of indicators, the total and facets.")
class IndicatorList:
    total_count: int = strawberry.field(description=TOTAL_COUNT_DESCRIPTION)
    page_ids: strawberry.Private[list[int]]
    evaluation: strawberry.Private[Evaluation]

    @items_field()
    def items(self) -> list[IndicatorType]:
        return page_queryset(Indicator, self.page_ids)

    @strawberry.field(description=FACETS_DESCRIPTION)
    def facets(self) -> IndicatorFacets:
        return IndicatorFacets(evaluation=self.evaluation)


@strawberry.type
class IndicatorQuery:
    @strawberry.field(description="Published indicators of published actions.")
    def indicators(
        self,
        info: strawberry.Info,
        filter: IndicatorFilter | None = None,
        search: Annotated[
            str | None, strawberry.argument(description=SEARCH_DESCRIPTION)
        ] = None,
        order: Annotated[
            IndicatorOrder | None,
            strawberry.argument(
                description="Order; default RELEVANCE when searching, else REFERENCE."
            ),
        ] = None,
        offset: Annotated[int, strawberry.argument(description=OFFSET_DESCRIPTION)] = 0,
        limit: Annotated[
            int, strawberry.argument(description=LIMIT_DESCRIPTION)
        ] = DEFAULT_LIMIT,
    ) -> IndicatorList:
        filter = filter or IndicatorFilter()
        result = run_list(
            info,
            key=index.KEY,
            build=index.build,
            selections={
                "actions": filter.actions,
                "agencies": filter.agencies,
                "kinds": codes(filter.kinds),
                "smart": codes(filter.smart),
            },
            search=search,
            order=order.value if order else None,
            offset=offset,
            limit=limit,
        )
        return IndicatorList(
            total_count=result.total_count,
            page_ids=result.page_ids,
            evaluation=result.evaluation,
        )

    @strawberry_django.field(
        description="One published indicator, by id or reference; null when "
        "there is none."
    )
    def indicator(
        self,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Database id.")
        ] = None,
        reference: Annotated[
            str | None, strawberry.argument(description="Unique reference.")
        ] = None,
    ) -> IndicatorType | None:
        if id is not None:
            return Indicator.objects.filter(pk=database_id(id))
        if reference:
            return Indicator.objects.filter(reference=reference)
        raise PublicError("Give an id or a reference.")
