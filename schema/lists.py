"""One declaration per public list: its root field, its ``…List`` and
``…Facets`` types, and its query-string reader for the CSV export.

::

    RECOMMENDATIONS = PublicList(
        "recommendations", model=Recommendation, index=index,
        filter=RecommendationFilter, item=RecommendationType,
        order=RecommendationOrder, facets={"bodies": "Human-rights bodies.", …},
        description="Published recommendations: …",
    )

and ``recommendations = RECOMMENDATIONS.field`` on a query type.
"""

import inspect
import re
from enum import Enum
from types import ModuleType
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.utils.translation import gettext as _

from . import listing, versioning
from .common import (
    DEFAULT_LIMIT,
    INCLUDE_EMPTY_DESCRIPTION,
    TAXONOMY_SIZES,
    FacetValue,
    PublicError,
    check_page,
    database_id,
    facet_values,
    request_version,
)
from .cost import PAGE, list_size
from .facets import Evaluation, store
from .filtering import BadFilter, FilterInput, declared, member_named
from .listing import REFERENCE, RELEVANCE, Found, page_objects

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

SEARCH = "search"
ORDER = "order"


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


def _words(type_name: str) -> str:
    """``ProgressReport`` -> ``progress report``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type_name).lower()


class PublicList:
    """A published list: filter input, facets, search, order and paging, read
    by its GraphQL root field and by the CSV export alike."""

    # Every list made, in the order they were (see warm_up).
    made: list["PublicList"] = []

    def __init__(
        self,
        name: str,
        *,
        model,
        index: ModuleType,
        filter: type[FilterInput],
        item: type,
        order: type[Enum],
        description: str,
        facets: dict[str, str] | None = None,
        search: bool = True,
        own_order: str = REFERENCE,
    ):
        self.name = name
        self.model = model
        self.index = index
        self.filter = filter
        self.order = order
        self.searchable = search
        self.own_order = own_order
        type_name = item.__strawberry_definition__.name
        dimensions = {each.rule.dimension for each in declared(filter) if each.is_facet}
        unknown = set(facets or ()) - dimensions
        if unknown:
            raise TypeError(f"Facets without a filter in {name}: {sorted(unknown)}")
        self.facets_type = self._facets_type(type_name, facets) if facets else None
        self.list_type = self._list_type(type_name, item)
        self.field = strawberry.field(
            resolver=self._resolver(), description=description
        )
        PublicList.made.append(self)

    def find(self, *, version: str, filter=None, search=None, order=None) -> Found:
        """What the list holds for ``filter``, ``search`` and ``order`` (an
        enum member or ``None``)."""
        return listing.find(
            key=self.index.KEY,
            build=self.index.build,
            source=getattr(self.index, "SOURCE", None),
            version=version,
            filter=filter or self.filter(),
            search=search if self.searchable else None,
            order=order.value if order else None,
            own_order=self.own_order,
        )

    def parse_query(self, params) -> tuple[FilterInput, str | None, Enum | None]:
        """The filter, search and order a query string asks for, by the GraphQL
        names (see :meth:`.FilterInput.from_query`).

        Raises :class:`~.filtering.BadFilter`.
        """
        also = (SEARCH, ORDER) if self.searchable else (ORDER,)
        filter = self.filter.from_query(params, list_name=self.name, also=also)
        search = " ".join(params.getlist(SEARCH)) if SEARCH in also else None
        order = None
        if params.get(ORDER):
            try:
                order = member_named(self.order, params[ORDER], ORDER)
            except BadFilter:
                raise BadFilter(
                    _("Unknown order %(order)s; the orders are: %(names)s.")
                    % {
                        "order": params[ORDER],
                        "names": ", ".join(member.name for member in self.order),
                    }
                ) from None
        return filter, search or None, order

    def _facets_type(self, type_name: str, facets: dict[str, str]) -> type:
        namespace = {
            "__annotations__": {"evaluation": strawberry.Private[Evaluation]},
            "__module__": __name__,
        }
        for dimension, description in facets.items():
            namespace[dimension] = facet_field(dimension, description)
        return strawberry.type(
            type(f"{type_name}Facets", (), namespace),
            description=f"Facets of the {_words(type_name)} list.",
        )

    def _list_type(self, type_name: str, item: type) -> type:
        model = self.model
        facets_type = self.facets_type

        def items(self, info: strawberry.Info) -> list[item]:  # type: ignore[valid-type]
            memo = self.evaluation.index.memo
            return page_objects(model, item, self.page_ids, info, kept=memo)

        def facets(self) -> facets_type:  # type: ignore[valid-type]
            return facets_type(evaluation=self.evaluation)

        namespace = {
            "__annotations__": {
                "total_count": int,
                "page_ids": strawberry.Private[list[int]],
                "evaluation": strawberry.Private[Evaluation],
            },
            "__module__": __name__,
            "total_count": strawberry.field(description=TOTAL_COUNT_DESCRIPTION),
            "items": strawberry_django.field(
                description=ITEMS_DESCRIPTION, metadata=list_size(PAGE)
            )(items),
        }
        plural = f"{_words(type_name)}s"
        if facets_type:
            namespace["facets"] = strawberry.field(
                resolver=facets, description=FACETS_DESCRIPTION
            )
            description = f"One page of {plural}, the total and facets."
        else:
            description = f"One page of {plural} and the total."
        return strawberry.type(
            type(f"{type_name}List", (), namespace), description=description
        )

    def _resolver(self):
        public_list = self
        default = self.own_order.upper()
        if self.searchable:
            order_description = (
                f"Order; default {RELEVANCE.upper()} when searching, else {default}."
            )
        else:
            order_description = f"Order; default {default}."

        def resolve(
            self,
            info: strawberry.Info,
            filter: public_list.filter | None = None,  # type: ignore[name-defined]
            search: Annotated[
                str | None, strawberry.argument(description=SEARCH_DESCRIPTION)
            ] = None,
            order: Annotated[
                public_list.order | None,  # type: ignore[name-defined]
                strawberry.argument(description=order_description),
            ] = None,
            offset: Annotated[
                int, strawberry.argument(description=OFFSET_DESCRIPTION)
            ] = 0,
            limit: Annotated[
                int, strawberry.argument(description=LIMIT_DESCRIPTION)
            ] = DEFAULT_LIMIT,
        ) -> public_list.list_type:  # type: ignore[name-defined]
            check_page(offset, limit)
            found = public_list.find(
                version=request_version(info), filter=filter, search=search, order=order
            )
            return public_list.list_type(
                total_count=found.total_count,
                page_ids=found.page(offset=offset, limit=limit),
                evaluation=found.evaluation,
            )

        if not self.searchable:
            signature = inspect.signature(resolve)
            resolve.__signature__ = signature.replace(
                parameters=[
                    parameter
                    for parameter in signature.parameters.values()
                    if parameter.name != SEARCH
                ]
            )
        resolve.__name__ = self.name
        return resolve


def by_reference(model, item: type, description: str) -> Any:
    """A root field for one published object by id or by its unique reference."""

    def resolve(
        self,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Database id.")
        ] = None,
        reference: Annotated[
            str | None, strawberry.argument(description="Unique reference.")
        ] = None,
    ) -> item | None:  # type: ignore[valid-type]
        if id is not None:
            return model.objects.filter(pk=database_id(id))
        if reference:
            return model.objects.filter(reference=reference)
        raise PublicError("Give an id or a reference.")

    return strawberry_django.field(resolver=resolve, description=description)


def warm_up() -> list[str]:
    """The facet index of every list, for the current publication version,
    loaded from the shared cache (or the latest one there, patched up to it)
    into this process; nothing is built. For a worker just started
    (gunicorn's ``post_worker_init``, :mod:`cms.gunicorn.conf`), so that its
    first request finds them. The names of the lists loaded."""
    version = versioning.public_version()
    loaded = []
    for public_list in PublicList.made:
        index = public_list.index
        if store.load_shared(
            index.KEY, version, index.build, getattr(index, "SOURCE", None)
        ):
            loaded.append(public_list.name)
    return loaded
