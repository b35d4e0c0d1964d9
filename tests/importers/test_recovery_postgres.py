"""Heartbeats and recovery across connections and transactions (PostgreSQL).

Each test commits for real (``transaction=True``) and looks at the run from
another connection, as the admin, a second worker or the schedule would.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import Revision
from wagtail.signals import published

from content_models.models import Recommendation
from importers.actions import recover_stale_runs, rerun_import
from importers.models import ImportRun
from importers.reading import Source

from .conftest import FILES, do_import, problems

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STOPPED = (
    "file: The import stopped (its worker stopped responding); nothing was written."
)


def in_thread(function):
    """Run ``function`` in a thread of its own (its own connection); its result."""
    results = []

    def target():
        try:
            results.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return results[0]


def heartbeat_seen_from_outside(run_id):
    def read():
        return ImportRun.objects.values_list("heartbeat_at", flat=True).get(pk=run_id)

    return in_thread(read)


def test_the_heartbeat_goes_on_while_the_write_transaction_is_busy(
    taxonomies, settings
):
    settings.IMPORTERS_HEARTBEAT_INTERVAL = 0.05
    seen = []

    def slow_publishing(sender, instance, **kwargs):
        """The first object takes a second to publish: no progress meanwhile."""
        if seen:
            return
        run_id = ImportRun.objects.get().pk
        before = heartbeat_seen_from_outside(run_id)
        time.sleep(1)
        after = heartbeat_seen_from_outside(run_id)
        seen.append((connection.in_atomic_block, before, after))

    published.connect(slow_publishing)
    try:
        run = do_import(
            "recommendations",
            Source.from_path(FILES / "recommendations.csv"),
            publish=True,
        )
    finally:
        published.disconnect(slow_publishing)
    [(in_transaction, before, after)] = seen
    assert in_transaction
    assert after - before >= datetime.timedelta(seconds=0.5)
    assert run.status == "done"
    assert Recommendation.objects.filter(live=True).count() == 3


def test_a_run_recovered_while_it_writes_rolls_its_write_back(taxonomies):
    """A worker thought dead (stalled past the limit) that comes back finds its
    run recovered: its write is rolled back, so "nothing was written" is true."""
    recovered = []

    def recovered_meanwhile(sender, instance, **kwargs):
        if not recovered:
            later = timezone.now() + datetime.timedelta(hours=1)
            recovered.append(in_thread(lambda: recover_stale_runs(now=later)))

    published.connect(recovered_meanwhile)
    try:
        run = do_import(
            "recommendations",
            Source.from_path(FILES / "recommendations.csv"),
            publish=True,
        )
    finally:
        published.disconnect(recovered_meanwhile)
    assert recovered == [[run.pk]]
    run.refresh_from_db()
    assert (run.status, run.retryable, run.written) == ("failed", True, False)
    assert problems(run) == [STOPPED]
    assert Recommendation.objects.count() == 0
    assert Revision.objects.count() == 0

    rerun_import(run=run)
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("done", 2)
    assert Recommendation.objects.filter(live=True).count() == 3


def test_two_sweeps_at_once_recover_a_run_once(taxonomies):
    run = ImportRun.objects.create(
        kind="recommendations",
        status=ImportRun.Status.RUNNING,
        attempt=1,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(recover_stale_runs())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [[], [run.pk]]
    run.refresh_from_db()
    assert (run.status, problems(run)) == ("failed", [STOPPED])
