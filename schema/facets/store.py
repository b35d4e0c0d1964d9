"""Facet indexes by publication version: built once, shared, built ahead.

A worker keeps the index of each list for the version it last served. When the
version changes, the index is not rebuilt by the next reader if it can help:

- **built ahead**: when something is published or unpublished in this process
  (:func:`prebuild_after_commit`, called where the version is bumped), a
  background thread builds, after the commit, every index this process has
  served, for the new version;
- **shared** (``GRAPHQL_FACETS_SHARED``, on when ``REDIS_URL`` is set): a built
  index is stored pickled in the shared cache under its key and version, so
  the other workers load it (tens of milliseconds) instead of building it
  (seconds at 50,000 rows); a worker that finds another one building it waits
  for it rather than building it too.

- **patched** (every list with a ``SOURCE``, :mod:`.patch`): a worker
  holding the index of an earlier version applies the journal's entries since
  then to it (milliseconds) instead of building it (seconds); built ahead, that
  is what the background thread does after a publish, so a request arriving
  meanwhile waits for a patch, not a build;
- **heard** (PostgreSQL, :mod:`.listener`): the other workers are notified
  when the publishing transaction commits, and patch theirs ahead too.

A reader that finds nothing builds it itself, as before (a fresh worker with
nothing shared, midnight, a journal too long to patch: bulk loads, taxonomy
changes). A patched index answers exactly what a build would: the
``tests/schema/test_facet_patch.py`` property test compares them after random
edits.
"""

import logging
import pickle
import threading
import time
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

from .engine import FacetIndex
from .patch import Source, build_stamped, up_to_date

logger = logging.getLogger(__name__)

_indexes: dict[str, tuple[str, object]] = {}
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()
# key -> (build function, patch source) of every index this process served.
_builders: dict[str, tuple[Callable[[], object], Source | None]] = {}
# key -> (version, index) patched ahead and not shared yet.
_unshared: dict[str, tuple[str, object]] = {}
# How long the background thread waits before sharing what it patched.
SHARE_AFTER_SECONDS = 0.5
# How long a worker waits for another one's build before building itself.
SHARED_WAIT_SECONDS = 30
_POLL_SECONDS = 0.05


def _shared():
    if not getattr(settings, "GRAPHQL_FACETS_SHARED", False):
        return None
    return caches[getattr(settings, "GRAPHQL_CACHE_ALIAS", "default")]


def _shared_key(key: str, version: str) -> str:
    return f"hrm-facets:{key}:{version}"


def _timeout() -> int:
    return getattr(settings, "GRAPHQL_CACHE_TIMEOUT", 600)


def get_index(
    key: str,
    version: str,
    build: Callable[[], object],
    source: Source | None = None,
    *,
    ahead: bool = False,
) -> FacetIndex:
    """The index ``key`` for ``version``, built at most once per version (in
    this process, or in all of them when shared), or patched from this
    process's index of an earlier version when ``source`` says how.

    Concurrent requests for a new version wait for the one build instead of
    each scanning the tables. ``ahead``: built ahead, in the background, so a
    patched index is also to be shared (workers started since load it): see
    :func:`prebuild`.
    """
    _builders[key] = (build, source)
    cached = _indexes.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        cached = _indexes.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        index = None
        if source is not None and not patching():
            source = None
        if source is not None:
            if cached is not None:
                index = _patched(cached[1], source)
                if index is not None and ahead:
                    _unshared[key] = (version, index)
            build = partial(build_stamped, source)
        if index is None:
            index = _load_or_build(key, version, build, source)
        if not ahead:
            # A reader's own: an older one patched ahead is not shared.
            _unshared.pop(key, None)
        _indexes[key] = (version, index)
    return index


def load_shared(
    key: str, version: str, build: Callable[[], object], source: Source | None
) -> bool:
    """The shared index ``key`` of ``version`` loaded into this process, or
    the latest shared one patched up to ``version``, with its counts with no
    filter made (a worker just started: :func:`.lists.warm_up`); whether it
    is held now. Nothing is built: with nothing shared, the first reader
    builds it as before."""
    shared = _shared()
    if shared is None:
        return False
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        cached = _indexes.get(key)
        if cached is not None and cached[0] == version:
            return True
        try:
            data = _ask(shared.get, _shared_key(key, version))
            if data is not None:
                index = pickle.loads(data)
            elif source is not None and patching():
                index = _patched_from_shared(shared, key, version, source)
            else:
                index = None
        except _SharedCacheDown:
            logger.warning("The shared cache is unreachable: %s not loaded", key)
            return False
        if index is None:
            return False
        for dimension in index.dimensions.values():
            dimension.totals()
        _indexes[key] = (version, index)
        _builders[key] = (build, source)
    return True


def patching() -> bool:
    return getattr(settings, "GRAPHQL_FACETS_PATCH", True)


def _share_quietly(key: str, version: str, index) -> None:
    shared = _shared()
    if shared is None:
        return
    try:
        _share(shared, key, version, index)
    except Exception:  # the others build or patch their own
        logger.warning("Could not share the facet index %s", key)


def _patched(index, source: Source):
    """``index`` brought up to date, or ``None`` (then it is built)."""
    try:
        return up_to_date(index, source)
    except Exception:  # built instead, which says what is wrong if it is
        logger.exception("Patching the facet index %s failed", source.key)
        return None


def _load_or_build(key: str, version: str, build: Callable[[], object], source=None):
    shared = _shared()
    if shared is None:
        return build()
    try:
        if source is not None:
            index = _patched_from_shared(shared, key, version, source)
            if index is not None:
                return index
        return _load_or_build_shared(shared, key, version, build)
    except _SharedCacheDown:
        logger.warning("The shared cache is unreachable: building %s here", key)
        return build()


class _SharedCacheDown(Exception):
    pass


def _patched_from_shared(shared, key, version, source):
    """A worker holding no index (just started): the latest shared one, if it
    is of an earlier version, brought up to date here."""
    latest = _ask(shared.get, f"hrm-facets:{key}:latest")
    if latest is None or latest == version:
        return None
    data = _ask(shared.get, _shared_key(key, latest))
    if data is None:
        return None
    return _patched(pickle.loads(data), source)


def _load_or_build_shared(shared, key, version, build):
    name = _shared_key(key, version)
    deadline = time.monotonic() + SHARED_WAIT_SECONDS
    while True:
        data = _ask(shared.get, name)
        if data is not None:
            return pickle.loads(data)
        # Build it unless another worker is building it already.
        if _ask(shared.add, name + ":building", 1, SHARED_WAIT_SECONDS):
            index = None
            try:
                index = build()
                _share(shared, key, version, index)
            except Exception:
                if index is None:  # the build failed: the reader says so
                    raise
                # Built all the same; the others build their own.
                logger.warning("Could not share the facet index %s", key)
            finally:
                _forget_marker(shared, name + ":building")
            return index
        if time.monotonic() > deadline:
            return build()
        time.sleep(_POLL_SECONDS)


def _forget_marker(shared, marker: str) -> None:
    try:
        shared.delete(marker)
    except Exception:  # expires on its own
        logger.warning("Could not clear %s", marker)


def _ask(method, *args):
    """A call to the shared cache; :class:`_SharedCacheDown` if it fails (the
    index is then built here, as without a shared cache)."""
    try:
        return method(*args)
    except Exception as error:
        raise _SharedCacheDown from error


def _share(shared, key: str, version: str, index) -> None:
    """Store ``index`` for the other workers, and drop the one of the version
    before, so the cache holds one index per list (1.4 MB for the
    recommendations at 50,000 rows, loaded in ~20 ms) however often content is
    published."""
    shared.set(
        _shared_key(key, version),
        pickle.dumps(index, pickle.HIGHEST_PROTOCOL),
        _timeout(),
    )
    latest = f"hrm-facets:{key}:latest"
    previous = shared.get(latest)
    shared.set(latest, version, _timeout())
    if previous is not None and previous != version:
        shared.delete(_shared_key(key, previous))


def prebuild(version: str, *, share: bool = True) -> list[str]:
    """Build (or load) every index this process has served, for ``version``;
    the keys built. ``share``: and share what was patched (the publishing
    worker does; a worker told of a publish by :mod:`.listener` does not, or
    every worker would pickle the same index)."""
    built = []
    for key, (build, source) in list(_builders.items()):
        try:
            get_index(key, version, build, source, ahead=True)
        except Exception:  # its reader builds it; the others go ahead
            logger.exception("Building the facet index %s ahead failed", key)
            continue
        built.append(key)
    if not share:
        return built
    if _unshared and _shared() is not None:
        # Pickling a patched index (6 MB at 200k) holds the interpreter for
        # tens of milliseconds: not while this worker's readers of the moment
        # are being answered. A worker started meanwhile patches the previous
        # shared one.
        time.sleep(SHARE_AFTER_SECONDS)
    while _unshared:
        key, (patched_version, index) = _unshared.popitem()
        if patched_version == version:  # not one patched past since
            _share_quietly(key, patched_version, index)
    return built


def _prebuild_now(share: bool) -> None:
    from .. import versioning

    try:
        # The committed version, read now (not a cached copy).
        version = f"{versioning.current()}@{versioning.today().isoformat()}"
        prebuild(version, share=share)
        if share:  # the publishing worker's, not every listener's
            versioning.prune_journal()
    except Exception:  # a reader will build it; never break the thread's owner
        logger.exception("Building the facet indexes ahead failed")
    finally:
        connection.close()


def prebuild_after_commit() -> None:
    """Build the indexes of the new version in a background thread once the
    current transaction commits (``GRAPHQL_FACETS_PREBUILD``)."""
    if getattr(settings, "GRAPHQL_FACETS_PREBUILD", True) and _builders:
        transaction.on_commit(start_prebuild)


_state = threading.Lock()
_running: threading.Thread | None = None
_again = False
# Whether the next round shares what it patched.
_share_next = False


def start_prebuild(*, share: bool = True) -> threading.Thread:
    """Start the background build; while one runs, ask it for one more round
    (a burst of publishes needs one build, for the version after the last).
    ``share``: see :func:`prebuild`; a round shares if any of its askers
    wanted it to. The thread that will do it."""
    global _running, _again, _share_next
    with _state:
        _share_next = _share_next or share
        if _running is not None:
            _again = True
            return _running
        _running = threading.Thread(
            target=_prebuild_loop, name="hrm-facets-prebuild", daemon=True
        )
        thread = _running
    thread.start()
    return thread


def _prebuild_loop() -> None:
    global _running, _again, _share_next
    while True:
        with _state:
            share, _share_next = _share_next, False
        _prebuild_now(share)
        with _state:
            if not _again:
                _running = None
                return
            _again = False


def wait_for_prebuild(timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for the background build; whether none
    is running any more (tests, benchmarks)."""
    deadline = time.monotonic() + timeout
    while True:
        with _state:
            thread = _running
        if thread is None:
            return True
        thread.join(max(0.0, deadline - time.monotonic()))
        if time.monotonic() >= deadline:
            with _state:
                return _running is None


def clear() -> None:
    """Forget every index, and that it was served (tests, after a database
    switch)."""
    _indexes.clear()
    _builders.clear()
    _unshared.clear()
