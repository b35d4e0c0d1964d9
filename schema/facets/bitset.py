"""Python integers as bitsets: bit ``i`` set means row position ``i`` is in."""

from collections.abc import Iterable, Sequence

# Paging skips whole blocks by their population count.
_BLOCK_BITS = 4096
_BLOCK_MASK = (1 << _BLOCK_BITS) - 1
# Below this many matches, sorting the matches beats scanning an order.
_SORT_THRESHOLD = 4000


def from_positions(positions: Iterable[int], size: int) -> int:
    """The bitset with exactly ``positions`` set."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def ascending(mask: int, offset: int = 0, limit: int | None = None) -> list[int]:
    """Set positions in ascending order, ``limit`` of them after ``offset``."""
    result: list[int] = []
    if limit is None:
        limit = mask.bit_count()
    base = 0
    skip = offset
    while mask and len(result) < limit:
        block = mask & _BLOCK_MASK
        count = block.bit_count()
        if count <= skip:
            skip -= count
        else:
            while block and len(result) < limit:
                lowest = block & -block
                if skip:
                    skip -= 1
                else:
                    result.append(base + lowest.bit_length() - 1)
                block ^= lowest
        mask >>= _BLOCK_BITS
        base += _BLOCK_BITS
    return result


def in_order(
    mask: int,
    order: Sequence[int],
    rank: Sequence[int],
    offset: int,
    limit: int,
    size: int,
) -> list[int]:
    """Set positions in the order of ``order`` (``rank[p]`` = index of p in it)."""
    total = mask.bit_count()
    if total <= _SORT_THRESHOLD:
        positions = ascending(mask)
        positions.sort(key=rank.__getitem__)
        return positions[offset : offset + limit]
    return filtered(order, mask, offset, limit, size)


def filtered(
    candidates: Iterable[int], mask: int, offset: int, limit: int, size: int
) -> list[int]:
    """The ``candidates`` (positions, in their order) that are set in ``mask``."""
    membership = mask.to_bytes((size + 7) // 8 or 1, "little")
    result: list[int] = []
    if limit <= 0:
        return result
    skip = offset
    for position in candidates:
        if membership[position >> 3] >> (position & 7) & 1:
            if skip:
                skip -= 1
                continue
            result.append(position)
            if len(result) >= limit:
                break
    return result
