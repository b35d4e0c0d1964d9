"""What the facet patch tests share: an index's answers, and a build that
must not happen."""

from schema.facets.bitset import ascending


def content(index):
    """What an index answers with: its rows in order, every facet's and flag's
    rows and counts, and every named order."""
    ids = index.ids
    rows = lambda bits: [ids[p] for p in ascending(bits)]  # noqa: E731
    return {
        "ids": list(ids),
        "dimensions": {
            name: {
                code: rows(dimension.bits(code, index.size))
                for code in sorted({*dimension.bitsets, *dimension.codes})
                if dimension.bits(code, index.size)
            }
            for name, dimension in index.dimensions.items()
        },
        "labels": {
            name: [label.code for label in dimension.labels]
            for name, dimension in index.dimensions.items()
        },
        # The counts with no filter (made once per index, kept through patches
        # of a dimension of the rows' own values).
        "totals": {
            name: {code: n for code, n in dimension.totals().items() if n}
            for name, dimension in index.dimensions.items()
        },
        "flags": {name: rows(bits) for name, bits in index.flags.items()},
        "orders": {
            name: [ids[p] for p in index.order_of(name)[0]] for name in index.orders
        },
        "ranks": {
            name: [index.order_of(name)[1][p] for p in index.order_of(name)[0]]
            for name in index.orders
        },
        "positions": index.positions,
    }


def no_build(source):
    raise AssertionError(f"{source.key} was built, not patched")
