"""The machinery behind every list query: filters and search evaluated on a
facet index, one page of ids, then one optimised query for the page."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import Case, IntegerField, Value, When

from content_models.search import parse, search_ids

from .common import (
    INCLUDE_EMPTY_DESCRIPTION,
    TAXONOMY_SIZES,
    FacetValue,
    check_page,
    facet_values,
    request_version,
)
from .cost import PAGE, list_size
from .facets import Evaluation, get_index

RELEVANCE = "relevance"
REFERENCE = "reference"


@dataclass
class ListResult:
    """What a list query found: the evaluation (for facets) and one page."""

    evaluation: Evaluation
    page_ids: list[int]

    @property
    def total_count(self) -> int:
        return self.evaluation.total


def run_list(
    info,
    *,
    key: str,
    build: Callable[[], Any],
    selections: dict[str, Sequence[str] | None],
    flags: dict[str, bool | None] | None = None,
    search: str | None = None,
    order: str | None = None,
    offset: int,
    limit: int,
) -> ListResult:
    """Filter, search, order and page the published rows of index ``key``.

    ``order`` is an order name of the index, ``reference`` (the index's own
    order) or ``relevance``; ``None`` means relevance when searching, else
    reference.
    """
    check_page(offset, limit)
    index = get_index(key, request_version(info), build)
    restrict = None
    ranked_ids = None
    query = parse(search)
    if query:
        by_relevance = order in (None, RELEVANCE)
        ids = search_ids(key, query, ranked=by_relevance)
        restrict = index.mask_of_ids(ids)
        if by_relevance:
            ranked_ids = ids
    evaluation = index.evaluate(selections, flags, restrict)
    named_order = None if order in (None, REFERENCE, RELEVANCE) else order
    page_ids = index.page(
        evaluation.mask,
        order=named_order,
        ranked_ids=ranked_ids,
        offset=offset,
        limit=limit,
    )
    return ListResult(evaluation, page_ids)


def page_queryset(model, page_ids: Sequence[int]):
    """The rows of ``page_ids`` in that order (the type's visibility and the
    optimizer are applied by the field)."""
    if not page_ids:
        return model._default_manager.none()
    return model._default_manager.filter(pk__in=page_ids).order_by(
        Case(
            *(
                When(pk=pk, then=Value(position))
                for position, pk in enumerate(page_ids)
            ),
            output_field=IntegerField(),
        )
    )


def codes(values) -> list[str] | None:
    """Filter values as facet codes: enum names, numbers as text."""
    if values is None:
        return None
    return [value.name if hasattr(value, "name") else str(value) for value in values]


# How many values each facet can have, for the work budget: the taxonomy's
# size, or the number of values of an enumeration.
FACET_SIZES = {
    **TAXONOMY_SIZES,
    "recommending_states": TAXONOMY_SIZES["countries"],
    "upr_responses": 3,
    "action_statuses": 3,
    "progress_statuses": 3,
    "kinds": 3,
}


def facet_field(name: str, description: str) -> Any:
    """A facet of a ``…Facets`` type: values with counts (disjunctive)."""

    def resolve(
        root,
        include_empty: Annotated[
            bool, strawberry.argument(description=INCLUDE_EMPTY_DESCRIPTION)
        ] = False,
    ) -> list[FacetValue]:
        return facet_values(root.evaluation, name, include_empty)

    return strawberry.field(
        resolver=resolve, description=description, metadata=list_size(FACET_SIZES[name])
    )


def items_field() -> Any:
    """The ``items`` of a list type: one page, as long as the list's ``limit``."""
    return strawberry_django.field(
        description=ITEMS_DESCRIPTION, metadata=list_size(PAGE)
    )


TOTAL_COUNT_DESCRIPTION = "How many items match the filters and search."
ITEMS_DESCRIPTION = "One page of the matching items, in the requested order."
FACETS_DESCRIPTION = (
    "Counts per value of each facet. Values inside one filter are OR-ed, "
    "filters are AND-ed, and the counts of a facet ignore its own filter."
)
SEARCH_DESCRIPTION = (
    "Full-text search in reference, title and text: every word is required, "
    '"quoted phrases" keep word order; case and macrons do not matter '
    "(Kōkiri = kokiri)."
)
OFFSET_DESCRIPTION = "How many matching items to skip (0 or more)."
LIMIT_DESCRIPTION = "Page size, 0 to 100."
