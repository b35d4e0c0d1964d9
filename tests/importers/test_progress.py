"""Progress of a running import is visible to other connections (PostgreSQL)."""

import pytest
from django.db import connection, connections, transaction

from importers.models import ImportRun
from importers.progress import ProgressWriter

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_inside_the_import_transaction_is_seen_outside():
    run = ImportRun.objects.create(kind="recommendations", status="running")
    progress = ProgressWriter(run)
    observer = connections.create_connection("default")
    try:
        with transaction.atomic():
            progress("writing", 0.5)
            with observer.cursor() as cursor:
                cursor.execute(
                    "SELECT phase, progress FROM importers_importrun WHERE id = %s",
                    [run.pk],
                )
                assert cursor.fetchone() == ("writing", 65)
    finally:
        progress.close()
        observer.close()
    progress = ProgressWriter(run)
    progress("checking", 0.5)
    run.refresh_from_db()
    assert (run.phase, run.progress) == ("checking", 25)
