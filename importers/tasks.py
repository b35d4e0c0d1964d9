"""Background work of the importers (django-q2). Tasks take ids, run once.

The dotted paths are part of the deployment (queued tasks and the schedule of
``recover_stale_imports`` store them): rename them only with a migration.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
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
    attempt = run.attempt

    def queue():
        task_id = async_task(
            "importers.tasks.run_import_task",
            run.pk,
            dry_run,
            attempt,
            task_name=f"import-run-{run.pk}-{'check' if dry_run else 'write'}",
            q_options={"timeout": TASK_TIMEOUT},
        )
        ImportRun.objects.filter(pk=run.pk).update(task_id=str(task_id or "")[:64])

    transaction.on_commit(queue)


def run_import_task(run_id: int, dry_run: bool, attempt: int | None = None) -> None:
    """Run a pending import; a second delivery of the same task does nothing.

    ``attempt`` is the run's attempt count when the task was queued: a late
    delivery of an older task finds a run started since and does nothing
    (tasks queued before it existed pass none).
    """
    from .actions import refuse_pending_run, run_import

    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.PENDING).first()
    if run is None or (attempt is not None and run.attempt != attempt):
        return
    try:
        run_import(run=run, dry_run=dry_run)
    except PermissionDenied as denied:
        # Permissions changed since the upload: say so on the run.
        refuse_pending_run(run=run, message=str(denied))
    except ValidationError as error:
        if error.code != "not_startable":
            raise


def recover_stale_imports() -> int:
    """The schedule: mark failed the running imports whose worker stopped."""
    from .actions import recover_stale_runs

    return len(recover_stale_runs())


def update_reference_index(model_label: str, pks: list[int]) -> None:
    """Refresh Wagtail's reference index (the "usage" counts) of imported objects."""
    model = apps.get_model(model_label)
    if not ReferenceIndex.is_indexed(model):
        return
    for obj in model._default_manager.filter(pk__in=pks).iterator(chunk_size=500):
        ReferenceIndex.create_or_update_for_object(obj)
