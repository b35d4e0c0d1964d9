"""Execution slots: expensive queries wait their turn, cache hits never do.

The work budget (:mod:`.cost`) bounds one query; this bounds how many run at
once in one worker process. With a threaded server (gunicorn's ``gthread``
workers), a burst of uncached queries — one partner's crawler, or an attacker
inside the budget — would otherwise take every thread and every core, and
the cheap requests the public sends (cached GETs, answered from the cache in
about a millisecond) would queue behind them. Here only
``GRAPHQL_EXECUTION_SLOTS`` queries execute at once per process; the others
wait on a semaphore, without using the processor, while cache hits pass
straight through. A query that waits longer than
``GRAPHQL_EXECUTION_WAIT_SECONDS`` is answered 503 with ``Retry-After``.
"""

import threading
from contextlib import contextmanager

from django.conf import settings

DEFAULT_SLOTS = 1
DEFAULT_WAIT_SECONDS = 30

_lock = threading.Lock()
_semaphore: threading.BoundedSemaphore | None = None
_size = 0


class Busy(Exception):
    """No execution slot came free in time."""


def _slots() -> threading.BoundedSemaphore:
    global _semaphore, _size
    size = getattr(settings, "GRAPHQL_EXECUTION_SLOTS", DEFAULT_SLOTS)
    with _lock:
        if _semaphore is None or size != _size:
            _semaphore, _size = threading.BoundedSemaphore(size), size
        return _semaphore


@contextmanager
def execution_slot():
    """Hold one of the process's execution slots; raise :class:`Busy` when
    none came free within the wait."""
    semaphore = _slots()
    wait = getattr(settings, "GRAPHQL_EXECUTION_WAIT_SECONDS", DEFAULT_WAIT_SECONDS)
    if not semaphore.acquire(timeout=wait):
        raise Busy
    try:
        yield
    finally:
        semaphore.release()
