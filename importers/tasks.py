"""Background work of the importers (django-q2). Tasks take ids, run once."""

from django.apps import apps
from django.db import transaction
from django_q.tasks import async_task
from wagtail.models import ReferenceIndex

from .models import ImportRun

# A large import with publishing can outlast the cluster's default timeout.
TASK_TIMEOUT = 3600


def queue_import(run: ImportRun, *, dry_run: bool) -> None:
    """Run ``run`` (check only, or write) on the task cluster after the commit."""
    run.status = ImportRun.Status.PENDING
    run.phase = "queued"
    run.progress = 0
    run.save(update_fields=["status", "phase", "progress", "publish"])

    def queue():
        task_id = async_task(
            "importers.tasks.run_import_task",
            run.pk,
            dry_run,
            task_name=f"import-run-{run.pk}-{'check' if dry_run else 'write'}",
            q_options={"timeout": TASK_TIMEOUT},
        )
        ImportRun.objects.filter(pk=run.pk).update(task_id=str(task_id or "")[:64])

    transaction.on_commit(queue)


def run_import_task(run_id: int, dry_run: bool) -> None:
    """Run a pending import; a second delivery of the same task does nothing."""
    from .actions import run_import

    claimed = ImportRun.objects.filter(
        pk=run_id, status=ImportRun.Status.PENDING
    ).update(status=ImportRun.Status.RUNNING)
    if not claimed:
        return
    run_import(run=ImportRun.objects.get(pk=run_id), dry_run=dry_run)


def update_reference_index(model_label: str, pks: list[int]) -> None:
    """Refresh Wagtail's reference index (the "usage" counts) of imported objects."""
    model = apps.get_model(model_label)
    if not ReferenceIndex.is_indexed(model):
        return
    for obj in model._default_manager.filter(pk__in=pks).iterator(chunk_size=500):
        ReferenceIndex.create_or_update_for_object(obj)
