"""Signs of life of a running import: its progress bar and its heartbeat.

Both write only while the run is still this attempt's (``status = running``
and the same ``attempt``): once a run has been recovered, or started again
elsewhere, a late worker can no longer touch it.
"""

import logging
import threading

from django.db import DatabaseError, connection, connections
from django.utils import timezone

from . import conf
from .models import ImportRun

logger = logging.getLogger(__name__)

# How far the progress bar gets by the end of each phase.
PHASES = {"checking": (0, 50), "writing": (50, 80), "publishing": (80, 100)}


def still_running(run_id: int, attempt: int):
    """The run's row, as long as this attempt is the one running it."""
    return ImportRun.objects.filter(
        pk=run_id, status=ImportRun.Status.RUNNING, attempt=attempt
    )


class ProgressWriter:
    """Records a run's phase and percentage where other processes can see it.

    Outside a transaction an ordinary update does; inside the import's own
    transaction (writing) a second connection is used on PostgreSQL, so that
    the admin's progress bar keeps moving. (SQLite allows one writer at a time:
    there the bar waits for the commit.) Each update is a heartbeat too.
    """

    def __init__(self, run: ImportRun):
        self.run_id = run.pk
        self.attempt = run.attempt
        self.side_channel = (
            connection.vendor == "postgresql" and not connection.in_atomic_block
        )
        self._side = None

    def __call__(self, phase: str, fraction: float) -> None:
        low, high = PHASES.get(phase, (0, 100))
        percent = int(low + (high - low) * max(0.0, min(fraction, 1.0)))
        now = timezone.now()
        if not connection.in_atomic_block:
            still_running(self.run_id, self.attempt).update(
                phase=phase, progress=percent, heartbeat_at=now
            )
        elif self.side_channel:
            if self._side is None:
                self._side = connections.create_connection("default")
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportRun._meta.db_table} "
                    "SET phase = %s, progress = %s, heartbeat_at = %s "
                    "WHERE id = %s AND status = %s AND attempt = %s",
                    [
                        phase,
                        percent,
                        now,
                        self.run_id,
                        ImportRun.Status.RUNNING,
                        self.attempt,
                    ],
                )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


class Heartbeat:
    """Writes ``heartbeat_at`` every ``HEARTBEAT_INTERVAL`` seconds while it runs.

    A thread of its own, with its own database connection, so the heartbeat
    goes on through long phases that report no progress and is committed at
    once, outside the import's transaction. It stops with the worker: a run
    whose heartbeat is old has lost its worker (``actions.recover_stale_runs``).
    On SQLite a beat waits for the import's write transaction, or is skipped.
    """

    def __init__(self, run: ImportRun):
        self.run_id = run.pk
        self.attempt = run.attempt
        self.interval = conf.get("HEARTBEAT_INTERVAL")
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"import-run-{run.pk}-heartbeat", daemon=True
        )

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self._thread.join(timeout=self.interval + 10)

    def _beat(self) -> None:
        try:
            while not self._stopped.wait(self.interval):
                try:
                    still_running(self.run_id, self.attempt).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as error:
                    logger.warning(
                        "Import run %s: heartbeat not written (%s)", self.run_id, error
                    )
        finally:
            # This thread's connections; the import's own are untouched.
            connections.close_all()
