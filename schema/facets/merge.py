"""Merge the index of a few changed rows into a whole facet index.

:func:`merge` takes the changed rows out of the index and puts the index of
the published ones among them (built by the list's :class:`.patch.Source`)
in: each row at its place in every order (placed by sampled keys, not by
sorting again), every facet's and flag's bitset shifted to the new positions,
and the labels of facet values that came or went kept in order. Used by
:func:`.patch.up_to_date`; ``tests/schema/test_facet_patch.py`` compares its
result with a full build.
"""

import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable
from math import isqrt
from typing import Any

from ..common import natural_key
from . import bitset
from .engine import Dimension, FacetIndex, Label, own_labels

Keys = dict[str | None, dict[int, Any]]


def clone(index: FacetIndex) -> FacetIndex:
    """A new index sharing ``index``'s rows (nothing derived is recomputed),
    without its remembered searches: a row's text may have changed."""
    result = object.__new__(FacetIndex)
    result.__dict__.update(index.__dict__)
    result.searches = OrderedDict()
    result._lock = threading.Lock()
    return result


def merge(
    index: FacetIndex,
    changed: set[int],
    part: FacetIndex,
    keys_of: Callable[[Iterable[int]], Keys],
) -> FacetIndex:
    """``index`` without the rows ``changed`` and with those of ``part`` (the
    index of the published ones among them), each at its place in every order."""
    same = _in_place(index, changed, part, keys_of)
    if same is not None:
        return same
    removed = sorted(_positions_of(index, changed).values())
    kept = _without(index.ids, removed)
    own = keys_of(part.ids) if part.ids else {None: {}}
    points = _locate(
        len(kept),
        kept.__getitem__,
        [own[None][pk] for pk in part.ids],
        lambda ids: keys_of(ids)[None],
    )
    ids: list[int] = []
    added: list[int] = []  # final position of part's row i
    start = 0
    for pk, point in zip(part.ids, points, strict=True):
        ids.extend(kept[start:point])
        start = point
        added.append(len(ids))
        ids.append(pk)
    ids.extend(kept[start:])

    reshape = _reshaper(removed, added)
    mapping = _new_positions(index.size, removed, points)

    def arrange(old: list, new: list) -> list:
        """A per-position list of the old rows and the part's, merged."""
        kept_values = _without(old, removed)
        result: list = []
        start = 0
        for value, point in zip(new, points, strict=True):
            result.extend(kept_values[start:point])
            start = point
            result.append(value)
        result.extend(kept_values[start:])
        return result

    dimensions, flags = _bits(index, part, reshape, arrange, removed, added)
    orders = {
        name: _reordered(index, ids, mapping, removed, added, name, part, own, keys_of)
        for name in index.orders
    }
    return FacetIndex(ids, dimensions, flags, orders, memo=index.memo)


def _positions_of(index: FacetIndex, wanted: set[int]) -> dict[int, int]:
    """The positions of those of ``wanted`` in the index. A patched index
    makes its id -> position map only when first needed (a search): for a
    few rows, scanning the ids in C is faster than making it."""
    if "_positions" in index.__dict__ or len(wanted) > _SCAN_AT_MOST:
        positions = index.positions
        return {pk: positions[pk] for pk in wanted if pk in positions}
    found = {}
    ids = index.ids
    for pk in wanted:
        try:
            found[pk] = ids.index(pk)
        except ValueError:  # not published before
            pass
    return found


_SCAN_AT_MOST = 16


def _in_place(index, changed, part, keys_of) -> FacetIndex | None:
    """The common case, an edit of published rows that leaves each where it
    was in every order (checked against its neighbours' keys, one query): the
    bits of those positions replaced, nothing shifted. ``None`` otherwise."""
    positions = _positions_of(index, changed)
    if set(positions) != set(part.ids):
        return None  # rows come or go
    ids = index.ids
    last = len(ids) - 1

    def at(sequence, i):
        if not 0 <= i <= last:
            return None
        positions[ids[sequence[i]]] = sequence[i]
        return ids[sequence[i]]

    own = range(len(ids))
    checks = []  # (order name, row, the row before it, the row after it)
    for pk in part.ids:
        position = positions[pk]
        checks.append((None, pk, at(own, position - 1), at(own, position + 1)))
        for name, (order, rank) in index.orders.items():
            # Without its ranks made yet, a scan in C beats making them.
            r = order.index(position) if rank is None else rank[position]
            checks.append((name, pk, at(order, r - 1), at(order, r + 1)))
    neighbours = {pk for check in checks for pk in check[2:] if pk is not None}
    if neighbours & changed:
        return None  # neighbours that move too: the general way
    keys = keys_of(set(part.ids) | neighbours)

    def key(name, pk):
        if name is None:
            return keys[None][pk]
        return (keys[name][pk], positions[pk])

    for name, pk, before, after in checks:
        mine = key(name, pk)
        if before is not None and not key(name, before) < mine:
            return None
        if after is not None and not mine < key(name, after):
            return None

    targets = [positions[pk] for pk in part.ids]
    clear = ~sum(1 << position for position in targets)
    result = clone(index)

    def arrange(old: list, new: list) -> list:
        result = list(old)
        for position, value in zip(targets, new, strict=True):
            result[position] = value
        return result

    result.dimensions, result.flags = _bits(
        index, part, lambda bits: bits & clear, arrange, targets, targets, edited=True
    )
    return result


def _bits(index, part, reshape, arrange, cleared, placed, *, edited=False):
    """The dimensions and flags of the merged index: each bitset of ``index``
    reshaped, with ``part``'s row i set at ``placed[i]``; the rows at the old
    positions ``cleared`` gone. A dimension of the rows' own values has its
    per-position codes ``arrange``d and its labels and totals adjusted.

    ``edited``: rows edited in place (``cleared`` is ``placed``, ``reshape``
    only clears their bits). Most values' bitsets hold none of those rows:
    each is probed for their bits (:func:`_held`, a quarter of the work of
    clearing them, on average) and kept as it is when it holds none, and the
    counts with no filter (:meth:`.Dimension.totals`) are carried over, less
    the bits cleared, plus the part's."""

    def placed_in(bits: int, new: int) -> int:
        for j in bitset.ascending(new):
            bits |= 1 << placed[j]
        return bits

    probes = [(position, 1 << position) for position in cleared] if edited else None
    dimensions = {}
    for name, dimension in index.dimensions.items():
        mine = part.dimensions.get(name)
        if dimension.owner is not None:
            dimensions[name] = _owned(dimension, mine, arrange, cleared, len(part.ids))
            continue
        new = mine.bitsets if mine is not None else {}
        totals = dimension._totals if edited else None
        bitsets = {}
        new_totals = {}
        for code in dict.fromkeys([*dimension.bitsets, *new]):
            old = dimension.bitsets.get(code, 0)
            added = new.get(code, 0)
            if probes is not None:
                lost = _held(old, probes) if old else 0
                bits = placed_in(reshape(old) if lost else old, added)
                if bits and totals is not None:
                    new_totals[code] = totals.get(code, 0) - lost + added.bit_count()
            else:
                bits = placed_in(reshape(old) if old else 0, added)
            if bits:
                bitsets[code] = bits
        dimensions[name] = Dimension(
            name, dimension.labels, bitsets, dimension.require_all
        )
        if totals is not None:
            dimensions[name]._totals = new_totals
    flags = {
        name: placed_in(reshape(bits) if bits else 0, part.flags.get(name, 0))
        for name, bits in index.flags.items()
    }
    return dimensions, flags


def _held(bits: int, probes: list[tuple[int, int]]) -> int:
    """How many of the probed positions ``bits`` holds. A position in the low
    half is tested with its mask (the work grows with the position), one in
    the high half by shifting down (the work grows with what is above it)."""
    size = bits.bit_length()
    held = 0
    for position, mask in probes:
        if position >= size:
            continue
        if position < size - position:
            held += 1 if bits & mask else 0
        else:
            held += (bits >> position) & 1
    return held


def _owned(dimension, mine, arrange, cleared, part_size) -> Dimension:
    """A dimension of the rows' own values after the patch: the codes of the
    rows at ``cleared`` leave, the part's come; labels follow the codes
    present."""
    new = mine.owner if mine is not None else [None] * part_size
    totals = dict(dimension.totals())
    gone, came = set(), set()
    for position in cleared:
        code = dimension.owner[position]
        if code is not None:
            totals[code] -= 1
            if not totals[code]:
                del totals[code]
                gone.add(code)
    for code in new:
        if code is not None:
            if code not in totals:
                came.add(code)
            totals[code] = totals.get(code, 0) + 1
    result = Dimension(
        dimension.name,
        _relabelled(dimension, gone - came, came - gone),
        {},
        ordered_by=dimension.ordered_by,
        owner=arrange(dimension.owner, new),
    )
    result._totals = totals
    return result


def _relabelled(dimension: Dimension, gone: set, came: set) -> list:
    """The labels of a dimension of the rows' own values, less the codes
    ``gone``, with those that ``came`` put in at their place (sorting 175,000
    references again took half a second)."""
    labels = list(dimension.labels)
    if len(gone) + len(came) > 64:
        codes = [label.code for label in labels if label.code not in gone]
        return own_labels([*codes, *came], dimension.ordered_by)
    key = natural_key if dimension.ordered_by == "natural" else _same
    for code in gone:
        at = bisect_left(_KeysOf(labels, key), key(code))
        while labels[at].code != code:  # codes of equal keys
            at += 1
        del labels[at]
    for code in sorted(came, key=key):
        labels.insert(bisect_left(_KeysOf(labels, key), key(code)), Label(code, code))
    return labels


def _same(code):
    return code


class _KeysOf:
    """The sort keys of a list of labels, computed when a search asks."""

    def __init__(self, labels, key):
        self.labels, self.key = labels, key

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.key(self.labels[i].code)


def _without(items: list, positions: list[int]) -> list:
    if not positions:
        return list(items)
    result: list = []
    start = 0
    for position in positions:
        result.extend(items[start:position])
        start = position + 1
    result.extend(items[start:])
    return result


def _reshaper(removed: list[int], added: list[int]) -> Callable[[int], int]:
    """A function taking a bitset of the old positions to the new ones (the
    removed bits dropped, zero bits where rows are added)."""
    if removed == added:  # the same rows at the same places (an edit)
        clear = ~sum(1 << position for position in removed)
        return lambda bits: bits & clear
    lows_removed = [(position, (1 << position) - 1) for position in reversed(removed)]
    lows_added = [(position, (1 << position) - 1) for position in added]

    def reshape(bits: int) -> int:
        if not bits:
            return 0
        for position, low in lows_removed:
            bits = (bits & low) | ((bits >> (position + 1)) << position)
        for position, low in lows_added:
            bits = (bits & low) | ((bits >> position) << (position + 1))
        return bits

    return reshape


def _new_positions(size: int, removed: list[int], points: list[int]) -> list[int]:
    """Old position -> new one (-1: removed), when the rows at ``removed`` are
    taken out and a row is put before kept row ``points[i]`` for each i: made
    of ranges, one per stretch between two changes."""
    mapping: list[int] = []
    r = a = kept = position = 0
    while position < size:
        if r < len(removed) and removed[r] == position:
            mapping.append(-1)
            r += 1
            position += 1
            continue
        while a < len(points) and points[a] <= kept:
            a += 1
        end = removed[r] if r < len(removed) else size
        if a < len(points):
            end = min(end, position + points[a] - kept)
        length = end - position
        mapping.extend(range(kept + a, kept + a + length))
        kept += length
        position += length
    return mapping


def _reordered(old, new_ids, mapping, removed, added, name, part, own, keys_of):
    """Order ``name`` of the new rows: the kept rows in their old order, the
    part's rows put in by their key, ties broken by the new own order. Its
    ranks are made when first needed (``FacetIndex.order_of``)."""
    positions, _rank = old.orders[name]
    kept = list(map(mapping.__getitem__, positions))
    if len(removed) <= 8:
        for _ in removed:
            kept.remove(-1)
    elif removed:
        kept = [position for position in kept if position >= 0]
    targets = sorted((own[name][pk], added[j]) for j, pk in enumerate(part.ids))
    where: dict[int, int] = {}

    def id_at(i):
        pk = new_ids[kept[i]]
        where[pk] = kept[i]
        return pk

    def probe(ids):
        keys = keys_of(ids)[name]
        return {pk: (keys[pk], where[pk]) for pk in ids}

    points = _locate(len(kept), id_at, targets, probe)
    order: list[int] = []
    start = 0
    for (_key, position), point in zip(targets, points, strict=True):
        order.extend(kept[start:point])
        start = point
        order.append(position)
    order.extend(kept[start:])
    return order, None


def _locate(
    length: int,
    id_at: Callable[[int], int],
    targets: list,
    keys: Callable[[list[int]], dict[int, Any]],
) -> list[int]:
    """Where each of ``targets`` (sorted keys) goes among ``length`` rows in
    key order, asking ``keys`` for the keys of two samples of about √length
    rows each instead of reading them all."""
    if not targets:
        return []
    if not length:
        return [0] * len(targets)
    step = max(1, isqrt(length))
    samples = list(range(0, length, step))
    sample_ids = [id_at(i) for i in samples]
    known = keys(sample_ids)
    sample_keys = [known[pk] for pk in sample_ids]
    spans = []
    for target in targets:
        j = bisect_left(sample_keys, target)
        if j == 0:
            spans.append((0, 0))
        else:
            spans.append(
                (samples[j - 1] + 1, samples[j] if j < len(samples) else length)
            )
    wanted = {id_at(i) for lo, hi in spans for i in range(lo, hi)}
    known = keys(list(wanted)) if wanted else {}
    points = []
    for target, (lo, hi) in zip(targets, spans, strict=True):
        span_keys = [known[id_at(i)] for i in range(lo, hi)]
        points.append(lo + bisect_left(span_keys, target))
    return points
