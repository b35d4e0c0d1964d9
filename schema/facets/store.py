"""Per-process cache of facet indexes, keyed by publication version."""

import threading
from collections.abc import Callable

from .engine import FacetIndex

_indexes: dict[str, tuple[str, object]] = {}
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def get_index(key: str, version: str, build: Callable[[], object]) -> FacetIndex:
    """The index ``key`` for ``version``, built at most once per version.

    Concurrent requests for a new version wait for the one build instead of
    each scanning the tables.
    """
    cached = _indexes.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        cached = _indexes.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        index = build()
        _indexes[key] = (version, index)
        return index


def clear() -> None:
    """Forget every index (tests, after a database switch)."""
    _indexes.clear()
