"""The machinery behind every list: filters and search evaluated on a facet
index, then one page of ids (GraphQL) or all of them (the CSV export).

A search restricts the index to its matching ids, so the total and every
facet respect it. With filters, the matches are found unranked, and relevance
order (:class:`Relevance`) is computed afterwards for the rows that pass every
filter only, reading only the first ``offset + limit``: the ranking costs
what the filters leave, not how many rows match the words (unless they leave
most of them: then every match is ranked in one statement, as without
filters). The matches of the most recent searches are kept with the index
(one publication version), so paging, or changing the filters of, a search
finds them again without SQL (:meth:`.FacetIndex.remembered_search`).

Both readers hand :func:`find` an instance of the list's filter input, so a
filter, a code and a search word mean the same thing in both.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.conf import settings

from content_models.search import SearchQuery, parse, rank_ids, search_ids

from . import plans, taxonomy_lists
from .common import request_version
from .facets import Evaluation, FacetIndex, get_index
from .filtering import FilterInput, declared, unknown_codes

RELEVANCE = "relevance"
REFERENCE = "reference"
DEFAULT_SEARCHES_KEPT = 64


# Above this share of the matches left by the filters, ranking every match
# (one statement, read whole) costs less than ranking the ids that are left.
BROAD_SHARE = 0.5


@dataclass
class Relevance:
    """Order by how well rows match a search: best first, then by id.

    ``matches`` is how many rows the words match (drafts included);
    ``ranked`` every one of them in order, when that has been read.
    """

    key: str
    query: SearchQuery
    matches: int
    ranked: list[int] | None = None

    def page(
        self, index: FacetIndex, mask: int, *, offset: int, limit: int
    ) -> list[int]:
        """The ids of one page of ``mask``: when the filters leave few of the
        matches, only those are ranked, and only the first ``offset + limit``
        read; else every match is ranked and ``mask`` picks the page."""
        total = mask.bit_count()
        if limit <= 0 or offset >= total:
            return []
        if self.ranked is None and total > BROAD_SHARE * self.matches:
            self.ranked = search_ids(self.key, self.query, ranked=True)
        if self.ranked is not None:
            return index.page(mask, ranked_ids=self.ranked, offset=offset, limit=limit)
        ranked = rank_ids(
            self.key, self.query, index.ids_of(mask), limit=offset + limit
        )
        return ranked[offset:]


@dataclass
class Found:
    """What a list found: the evaluation (total, facets) and its order."""

    index: FacetIndex
    evaluation: Evaluation
    order: str | None
    relevance: Relevance | None

    @property
    def total_count(self) -> int:
        return self.evaluation.total

    def page(self, *, offset: int, limit: int) -> list[int]:
        """The ids of one page, in the list's order."""
        if self.relevance is not None:
            return self.relevance.page(
                self.index, self.evaluation.mask, offset=offset, limit=limit
            )
        return self.index.page(
            self.evaluation.mask, order=self.order, offset=offset, limit=limit
        )

    def all_ids(self) -> list[int]:
        """Every matching id, in the list's order."""
        return self.page(offset=0, limit=self.total_count)


def find(
    *,
    key: str,
    build: Callable[[], Any],
    version: str,
    source=None,
    filter: FilterInput,
    search: str | None = None,
    order: str | None = None,
    own_order: str = REFERENCE,
) -> Found:
    """Filter, search and order the published rows of index ``key``.

    ``order`` is an order name of the index, ``own_order`` (the index's own
    order) or ``relevance``; ``None`` means relevance when searching, else
    the index's own order. Raises :class:`~.filtering.BadFilter` for an
    unknown code.
    """
    index = get_index(key, version, build, source)
    selections = checked_selections(index, filter)
    flags = filter.flags()
    restrict = None
    relevance = None
    query = parse(search)
    if query:
        by_relevance = order in (None, RELEVANCE)
        narrowed = any(selections.values()) or any(
            wanted is not None for wanted in flags.values()
        )
        ranked = None

        def match() -> tuple[int, int]:
            nonlocal ranked
            if by_relevance and not narrowed:
                # Every match is on the list: rank them all at once.
                ids = ranked = search_ids(key, query, ranked=True)
            else:
                ids = search_ids(key, query)
            return index.mask_of_ids(ids), len(ids)

        restrict, matches = index.remembered_search(query, match, keep=searches_kept())
        if by_relevance:
            relevance = Relevance(key, query, matches, ranked)
    evaluation = index.evaluate(selections, flags, restrict)
    named_order = None if order in (None, own_order, RELEVANCE) else order
    return Found(index, evaluation, named_order, relevance)


def searches_kept() -> int:
    """How many searches a facet index keeps the matches of
    (``GRAPHQL_SEARCH_CACHE_SIZE``)."""
    return getattr(settings, "GRAPHQL_SEARCH_CACHE_SIZE", DEFAULT_SEARCHES_KEPT)


def checked_selections(index: FacetIndex, filter: FilterInput) -> dict:
    """The filter's codes in the index's spelling, matched case-insensitively.

    An unknown code is an error, except for references of content (see
    :class:`~.filtering.Facet`), which simply match nothing. Enum values are
    their members' names already.
    """
    declarations = {
        item.rule.dimension: item for item in declared(type(filter)) if item.is_facet
    }
    result = {}
    for dimension, wanted in filter.selections().items():
        item = declarations[dimension]
        if not wanted or issubclass(item.values, Enum):
            result[dimension] = wanted
            continue
        found, unknown = index.dimensions[dimension].canonical(wanted)
        if unknown and item.rule.known_only:
            raise unknown_codes(item.name, unknown, index.dimensions[dimension].codes)
        result[dimension] = [*found, *unknown]
    return result


def page_objects(
    model, item: type, page_ids: Sequence[int], info, kept: dict | None = None
) -> list:
    """The visible rows of ``page_ids``, in that order; ``kept``: the memo of
    the facet index they were found in (:func:`.taxonomy_lists.fill`).

    The item type's visibility (``get_queryset``: published rows only) and the
    optimizer (``only``, ``select_related``, prefetches of the nested lists
    the query asks for; planned once per query, :mod:`.plans`) are applied
    here, taxonomy lists are read from their
    link tables (:mod:`.taxonomy_lists`), and the page is put in order in
    Python: ordering 20 ids in SQL (``CASE WHEN``) cost more to compile than
    the query took to run.
    """
    if not page_ids:
        return []
    queryset, taken = plans.page_queryset(model, item, info)
    queryset = queryset.filter(pk__in=page_ids)
    rows = {row.pk: row for row in queryset}
    taxonomy_lists.fill(
        list(rows.values()), taken, request_version(info), queryset.db, kept
    )
    return [rows[pk] for pk in page_ids if pk in rows]
