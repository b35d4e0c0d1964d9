"""Every worker brings its facet indexes up to date when something is
published, not when its next reader arrives.

The worker that publishes patches its indexes ahead, after the commit
(:func:`.store.prebuild_after_commit`). The others learned of the publish
from their next request, which patched them then: at 200,000
recommendations that request took 2.1–2.3 times a warm one
(``bench/README.md``, "The first request after a publish").

On PostgreSQL the version row's trigger notifies ``triggers.CHANNEL`` when
a transaction that changed public data commits, whatever made it: a publish
in the admin, an import, a scheduled publish in a task worker, SQL by hand.
Each web worker runs one :class:`Listener`, a thread with a connection of its
own that waits for the notice, then reads the new version token, forgets the
one this process cached (and gives the shared cache the new one), and
patches the indexes it serves, in the background (without sharing them: the
publishing worker does). Its readers find them patched, or wait for
the patch under way rather than make their own.

gunicorn's ``post_worker_init`` starts it (:func:`start`;
``GRAPHQL_FACETS_LISTEN``, on by default). SQLite has no notices: one
process serves it, and patches ahead what it publishes. A lost connection is
opened again after a pause, and the indexes are patched then, since a notice
may have come meanwhile.
"""

import logging
import os
import select
import threading

from django.conf import settings
from django.db import connections

from .. import triggers, versioning
from . import store

logger = logging.getLogger(__name__)

# How long the listener waits for a notice before it checks its connection.
POLL_SECONDS = 30.0
# Pauses before opening a lost connection again, one per failure in a row.
RETRY_SECONDS = (1, 2, 5, 10, 30)


class Listener(threading.Thread):
    """Waits for publication notices on a connection of its own and patches
    this process's facet indexes on each (a burst makes one or two rounds:
    :func:`.store.start_prebuild`)."""

    def __init__(self, alias: str = "default"):
        super().__init__(name="hrm-publication-listener", daemon=True)
        self.alias = alias
        self.listening = threading.Event()
        # What it has done (tests, benchmarks): notices heard, patching
        # rounds asked for (one per connect and per batch of notices), and
        # the server process of its connection.
        self.notices = 0
        self.rounds = 0
        self.backend_pid: int | None = None
        self._stopping = threading.Event()
        self._connection = None
        # Written to by stop(), to end a wait at once.
        self._wake_read, self._wake_write = os.pipe()

    def run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                self._connect()
                failures = 0
                # Anything published before LISTEN took effect.
                self._react()
                self._listen()
            except Exception:
                if self._stopping.is_set():
                    break
                pause = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                logger.warning(
                    "Listening for publications failed; again in %s s",
                    pause,
                    exc_info=True,
                )
                self._stopping.wait(pause)
            finally:
                self.listening.clear()
                self._close()

    def stop(self, timeout: float = 10) -> None:
        """Stop listening and close the connection (tests, benchmarks)."""
        self._stopping.set()
        os.write(self._wake_write, b"x")
        self.join(timeout)
        if not self.is_alive():
            os.close(self._wake_read)
            os.close(self._wake_write)

    def _connect(self) -> None:
        import psycopg2

        params = connections[self.alias].get_connection_params()
        connection = psycopg2.connect(**params)
        connection.autocommit = True
        self._connection = connection
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {triggers.CHANNEL}")
        self.backend_pid = connection.get_backend_pid()
        self.listening.set()

    def _listen(self) -> None:
        connection = self._connection
        while not self._stopping.is_set():
            ready, _, _ = select.select(
                [connection, self._wake_read], [], [], POLL_SECONDS
            )
            if self._stopping.is_set():
                break
            if connection in ready:
                connection.poll()  # raises when the connection is lost
            else:
                # Quiet for a while: a connection dropped on the way (a
                # firewall, a proxy) says nothing, so ask something.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            if connection.notifies:
                self.notices += len(connection.notifies)
                connection.notifies.clear()
                self._react()

    def _react(self) -> None:
        with self._connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {triggers.VERSION_TABLE} WHERE id = 1")
            row = cursor.fetchone()
        versioning.heard(row[0] if row else "none")
        store.start_prebuild(share=False)
        self.rounds += 1

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a lost connection
                logger.debug("Closing the listening connection failed", exc_info=True)


_listener: Listener | None = None
_lock = threading.Lock()


def start(alias: str = "default") -> Listener | None:
    """This process's listener, started if it is not running; ``None`` where
    there is nothing to listen to (SQLite, or ``GRAPHQL_FACETS_LISTEN`` off)."""
    global _listener
    if not getattr(settings, "GRAPHQL_FACETS_LISTEN", True):
        return None
    if connections[alias].vendor != "postgresql":
        return None
    with _lock:
        if _listener is None or not _listener.is_alive():
            _listener = Listener(alias)
            _listener.start()
        return _listener


def stop() -> None:
    """Stop this process's listener, if one runs."""
    global _listener
    with _lock:
        listener, _listener = _listener, None
    if listener is not None:
        listener.stop()
