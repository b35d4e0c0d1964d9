"""A facet index of one model and the evaluation of one filter against it."""

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from . import bitset


@dataclass(frozen=True)
class Label:
    """One facet value as the API shows it."""

    code: str
    name: str
    short_name: str | None = None


def own_labels(codes: Iterable[str], order: str) -> list[Label]:
    """Labels that are their codes, sorted by ``order`` ("natural": as
    references sort, or "plain")."""
    from ..common import natural_key

    key = natural_key if order == "natural" else None
    return [Label(code, code) for code in sorted(codes, key=key)]


@dataclass
class Dimension:
    """One filterable, countable property (issues, cycles, SMART letters…).

    Values inside one filter are OR-ed, unless ``require_all`` (SMART: an
    action matches ``[S, M]`` when it meets both).
    """

    name: str
    labels: list[Label]
    bitsets: dict[str, int]
    require_all: bool = False
    # The values are the rows' own, one a row at most (an indicator's action
    # reference): the labels are the codes present, in this order ("natural"
    # or "plain"), and ``owner`` holds each position's code instead of a
    # bitset per code: a code held by a row near the end is a bitset as long
    # as the index, and 46,000 of them took 252 MB at 88,000 indicators.
    ordered_by: str | None = None
    owner: list[str | None] | None = field(default=None, repr=False)
    # code -> its positions, and code -> how many rows (made on first use)
    _by_code: dict[str, list[int]] | None = field(default=None, init=False, repr=False)
    _totals: dict[str, int] | None = field(default=None, init=False, repr=False)
    # casefolded code -> the codes spelled so (built on first use)
    _spellings: dict[str, tuple[str, ...]] | None = field(
        default=None, init=False, repr=False
    )

    def __getstate__(self):
        """Pickled without what is made on first use (shared indexes)."""
        return {**self.__dict__, "_spellings": None, "_by_code": None, "_totals": None}

    @property
    def codes(self) -> list[str]:
        """Every code of the dimension, in label order."""
        return [label.code for label in self.labels]

    def canonical(self, codes: Sequence[str]) -> tuple[list[str], list[str]]:
        """``codes`` matched case-insensitively: the index's own spellings of
        those it has, and those it has not."""
        spellings = self._spellings
        if spellings is None:
            spellings = {}
            for code in dict.fromkeys([*self.codes, *self.bitsets]):
                key = code.casefold()
                spellings[key] = (*spellings.get(key, ()), code)
            self._spellings = spellings
        found: list[str] = []
        unknown: list[str] = []
        for code in codes:
            matches = spellings.get(code.casefold())
            if matches:
                found.extend(matches)
            else:
                unknown.append(code)
        return found, unknown

    def by_code(self) -> dict[str, list[int]]:
        """code -> its positions, of an ``owner`` dimension."""
        if self._by_code is None:
            by_code: dict[str, list[int]] = {}
            for position, code in enumerate(self.owner):
                if code is not None:
                    by_code.setdefault(code, []).append(position)
            self._by_code = by_code
        return self._by_code

    def totals(self) -> dict[str, int]:
        """code -> how many rows hold it (made on first use: the counts with
        no filter, which the default list asks for each time)."""
        if self._totals is None:
            if self.owner is None:
                totals = {code: bits.bit_count() for code, bits in self.bitsets.items()}
            else:
                totals = Counter(self.owner)
                totals.pop(None, None)
            self._totals = totals
        return self._totals

    def bits(self, code: str, size: int) -> int:
        """The bitset of ``code``'s rows."""
        if self.owner is not None:
            return bitset.from_positions(self.by_code().get(code, ()), size)
        return self.bitsets.get(code, 0)

    def counts_in(self, scope: int, everything: int) -> dict[str, int]:
        """code -> how many of its rows are in ``scope``."""
        if scope is everything or scope == everything:
            return self.totals()
        if self.owner is None:
            return {
                code: (bits & scope).bit_count() for code, bits in self.bitsets.items()
            }
        owner = self.owner
        return Counter(owner[position] for position in bitset.ascending(scope))

    def mask(self, codes: Sequence[str], everything: int) -> int:
        size = everything.bit_length()
        masks = [self.bits(code, size) for code in dict.fromkeys(codes)]
        if self.require_all:
            result = everything
            for mask in masks:
                result &= mask
            return result
        result = 0
        for mask in masks:
            result |= mask
        return result


@dataclass
class FacetIndex:
    """The published rows of one model, in default order, with their facets."""

    ids: list[int]
    dimensions: dict[str, Dimension]
    flags: dict[str, int]
    # name -> (positions in that order, rank of each position or None until
    # first needed: see order_of)
    orders: dict[str, tuple[list[int], list[int] | None]]
    # What it holds (a journal.Stamp) when it can be patched (.patch).
    stamp: object = None
    # What its builder read of the taxonomies (.patch): kept for patches.
    memo: dict = field(default_factory=dict, repr=False)
    everything: int = field(init=False)
    # search -> (mask of its published matches, number of matches), the most
    # recently used last (see remembered_search)
    searches: OrderedDict = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False)

    def __post_init__(self):
        self.everything = (1 << len(self.ids)) - 1
        self.searches = OrderedDict()
        self._lock = threading.Lock()

    def __getstate__(self):
        """Pickled without what ``__post_init__`` derives (shared indexes)."""
        state = dict(self.__dict__)
        for derived in ("_positions", "everything", "searches", "_lock", "memo"):
            state.pop(derived, None)
        return state

    def __setstate__(self, state):
        self.__dict__.update({"stamp": None, "memo": {}, **state})
        self.__post_init__()

    @property
    def positions(self) -> dict[int, int]:
        """id -> position, made on first use (a patched index may never need
        it)."""
        positions = self.__dict__.get("_positions")
        if positions is None:
            positions = {pk: position for position, pk in enumerate(self.ids)}
            self._positions = positions
        return positions

    def order_of(self, name: str) -> tuple[list[int], list[int]]:
        """Order ``name``: its positions, and the rank of each position (made
        on first use)."""
        positions, rank = self.orders[name]
        if rank is None:
            rank = [0] * len(positions)
            for index, position in enumerate(positions):
                rank[position] = index
            self.orders[name] = (positions, rank)
        return positions, rank

    @property
    def size(self) -> int:
        return len(self.ids)

    def ids_of(self, mask: int) -> list[int]:
        """The ids of the rows set in ``mask``, in default order."""
        ids = self.ids
        return [ids[position] for position in bitset.ascending(mask)]

    def mask_of_ids(self, ids: Iterable[int]) -> int:
        positions = self.positions
        return bitset.from_positions(
            (positions[pk] for pk in ids if pk in positions), self.size
        )

    def remembered_search(
        self, search: Hashable, find: Callable[[], tuple[int, int]], *, keep: int
    ) -> tuple[int, int]:
        """``find()`` for ``search``: the mask of its matches among these rows
        and how many rows it matched, kept for the ``keep`` most recent
        searches. An index holds the rows of one publication version, so
        what a search matches among them cannot change while it is in use."""
        if keep <= 0:
            return find()
        with self._lock:
            found = self.searches.get(search)
            if found is not None:
                self.searches.move_to_end(search)
                return found
        found = find()
        with self._lock:
            self.searches[search] = found
            self.searches.move_to_end(search)
            while len(self.searches) > keep:
                self.searches.popitem(last=False)
        return found

    def evaluate(
        self,
        selections: dict[str, Sequence[str] | None],
        flags: dict[str, bool | None] | None = None,
        restrict: int | None = None,
    ) -> "Evaluation":
        """Apply filters: ``selections`` per dimension, boolean ``flags``, and a
        ``restrict`` mask (search results, fixed scopes) that facets respect."""
        base = self.everything if restrict is None else restrict & self.everything
        for name, wanted in (flags or {}).items():
            if wanted is None:
                continue
            flag = self.flags[name]
            base &= flag if wanted else ~flag
        masks = {
            name: self.dimensions[name].mask(codes, self.everything)
            for name, codes in selections.items()
            # An empty list is no choice, like null: front ends send [] for
            # "nothing ticked".
            if codes
        }
        return Evaluation(self, base, masks, selections)

    def page(
        self,
        mask: int,
        *,
        order: str | None = None,
        ranked_ids: Sequence[int] | None = None,
        offset: int,
        limit: int,
    ) -> list[int]:
        """The ids of one page of ``mask``: in default order, a named order, or
        the order of ``ranked_ids`` (search relevance)."""
        if limit <= 0:
            return []
        if ranked_ids is not None:
            candidates = (
                self.positions[pk] for pk in ranked_ids if pk in self.positions
            )
            chosen = bitset.filtered(candidates, mask, offset, limit, self.size)
        elif order is None:
            chosen = bitset.ascending(mask, offset, limit)
        else:
            positions, rank = self.order_of(order)
            chosen = bitset.in_order(mask, positions, rank, offset, limit, self.size)
        return [self.ids[position] for position in chosen]


@dataclass
class Evaluation:
    """The rows matching every filter, and facet counts on request."""

    index: FacetIndex
    base: int
    masks: dict[str, int]
    selections: dict[str, Sequence[str] | None]

    @property
    def mask(self) -> int:
        result = self.base
        for mask in self.masks.values():
            result &= mask
        return result

    @property
    def total(self) -> int:
        return self.mask.bit_count()

    def counts(self, name: str, *, include_empty: bool = False) -> list[tuple]:
        """``(label, count)`` per value of facet ``name``, with every filter
        applied except the facet's own (disjunctive faceting)."""
        scope = self.base
        for other, mask in self.masks.items():
            if other != name:
                scope &= mask
        dimension = self.index.dimensions[name]
        selected = set(self.selections.get(name) or ())
        result = []
        if dimension.owner is not None:
            counts = dimension.counts_in(scope, self.index.everything)
            for label in dimension.labels:
                count = counts.get(label.code, 0)
                if count or include_empty or label.code in selected:
                    result.append((label, count))
            return result
        if scope is self.index.everything or scope == self.index.everything:
            totals = dimension.totals()
            for label in dimension.labels:
                count = totals.get(label.code, 0)
                if count or include_empty or label.code in selected:
                    result.append((label, count))
            return result
        for label in dimension.labels:
            bits = dimension.bitsets.get(label.code, 0)
            count = (bits & scope).bit_count() if bits else 0
            if count or include_empty or label.code in selected:
                result.append((label, count))
        return result


class IndexBuilder:
    """Collects rows, relations and orders, then builds a :class:`FacetIndex`."""

    def __init__(self, ids: Sequence[int]):
        self.ids = list(ids)
        self.positions = {pk: position for position, pk in enumerate(self.ids)}
        self.dimensions: dict[str, Dimension] = {}
        self.flags: dict[str, int] = {}
        self.orders: dict[str, tuple[list[int], list[int]]] = {}

    def dimension(
        self,
        name: str,
        labels: Sequence[Label],
        pairs: Iterable[tuple[int, str]],
        *,
        require_all: bool = False,
    ) -> None:
        """Add a dimension from ``(row id, value code)`` pairs; rows that are not
        in the index (drafts) are ignored."""
        size = len(self.ids)
        buffers: dict[str, bytearray] = {}
        positions = self.positions
        for pk, code in pairs:
            position = positions.get(pk)
            if position is None or code is None:
                continue
            buffer = buffers.get(code)
            if buffer is None:
                buffer = buffers[code] = bytearray((size + 7) // 8)
            buffer[position >> 3] |= 1 << (position & 7)
        bitsets = {code: int.from_bytes(buf, "little") for code, buf in buffers.items()}
        self.dimensions[name] = Dimension(name, list(labels), bitsets, require_all)

    def own_values(self, name: str, pairs: Iterable[tuple[int, str]], order: str):
        """A dimension whose values are the rows' own (references), one a row
        at most: each value present is its own label, in ``order`` ("natural"
        or "plain"), and each row's is kept in ``Dimension.owner``."""
        owner: list[str | None] = [None] * len(self.ids)
        positions = self.positions
        for pk, code in pairs:
            position = positions.get(pk)
            if position is not None and code is not None:
                if owner[position] is not None:
                    raise ValueError(f"{name}: row {pk} has two values")
                owner[position] = code
        codes = dict.fromkeys(code for code in owner if code is not None)
        self.dimensions[name] = Dimension(
            name, own_labels(codes, order), {}, ordered_by=order, owner=owner
        )

    def flag(self, name: str, ids: Iterable[int]) -> None:
        positions = self.positions
        self.flags[name] = bitset.from_positions(
            (positions[pk] for pk in ids if pk in positions), len(self.ids)
        )

    def order(self, name: str, ids_in_order: Sequence[int]) -> None:
        positions = [self.positions[pk] for pk in ids_in_order]
        rank = [0] * len(positions)
        for index, position in enumerate(positions):
            rank[position] = index
        self.orders[name] = (positions, rank)

    def build(self, memo: dict | None = None) -> FacetIndex:
        """The index; ``memo``: what the builder read of the taxonomies,
        kept for its patches."""
        index = FacetIndex(
            self.ids, self.dimensions, self.flags, self.orders, memo=memo or {}
        )
        index._positions = self.positions
        return index
