"""The import as one state change, called by the command, the admin and the task.

A run starts once (``run_import``, an atomic claim), records a heartbeat
while it runs, and ends checked, failed or done. A run whose worker died is
marked failed by ``recover_stale_runs`` and may then run again from the same
upload (``rerun_import``). Only the attempt that started a run may record its
result: a late worker finds the run taken and rolls its write back.
"""

import logging
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, permissions
from .errors import FileRefused, ImportProblem
from .kinds import KINDS
from .models import ImportRun
from .pipeline import CREATE, UNCHANGED, UPDATE, prepare
from .progress import Heartbeat, ProgressWriter, still_running
from .reading import Source
from .tasks import queue_import
from .writer import Writer

logger = logging.getLogger(__name__)

# A run starts from these; RUNNING, FAILED and DONE runs do not start again
# (a failed run that may is run again with ``rerun_import``).
STARTABLE = (ImportRun.Status.PENDING, ImportRun.Status.CHECKED)
# What running a run changes, saved at its end by the attempt that started it.
RESULT_FIELDS = (
    "status",
    "finished_at",
    "phase",
    "progress",
    "read_as",
    "row_count",
    "created_count",
    "updated_count",
    "unchanged_count",
    "published_count",
    "held_count",
    "skipped_count",
    "error_count",
    "errors",
    "preview",
    "written",
    "retryable",
)


def stale_message() -> str:
    return _("The import stopped (its worker stopped responding); nothing was written.")


class _TakenOver(Exception):
    """The run was recovered or started again while this attempt wrote."""


def create_run(
    *,
    kind: str,
    source: Source,
    user=None,
    origin: str = ImportRun.Origin.ADMIN,
    publish: bool = False,
) -> ImportRun:
    """An ``ImportRun`` holding a copy of the file, waiting to run."""
    check_permissions(kind=kind, user=user, publish=publish)
    run = ImportRun(
        kind=kind,
        user=user,
        origin=origin,
        file_name=source.name[:255],
        file_size=source.size,
        publish=publish,
    )
    if source.size <= conf.get("MAX_FILE_SIZE"):
        with source.opener() as stream:
            run.file.save(source.name, File(stream, name=source.name), save=False)
    run.save()
    return run


def check_permissions(*, kind: str, user, publish: bool) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may import (and publish) ``kind``.

    ``user=None`` is the command line without ``--user``: the operator.
    """
    if kind not in KINDS:
        raise ValidationError(
            _("Unknown kind %(kind)s; choose one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    if user is None:
        return
    if not permissions.can_import(user, kind):
        raise PermissionDenied(
            _("%(user)s may not import %(kind)s.") % {"user": user, "kind": kind}
        )
    if publish and not permissions.can_publish_import(user, kind):
        raise PermissionDenied(
            _("%(user)s may not publish %(kind)s.") % {"user": user, "kind": kind}
        )


def run_import(
    *,
    run: ImportRun,
    dry_run: bool = False,
    publish: bool | None = None,
) -> ImportRun:
    """Check ``run``'s file and, unless ``dry_run``, write it in one transaction.

    Every row is validated first; a single problem means nothing is written
    and the run ends ``FAILED`` with its problems on it (the first
    ``MAX_STORED_ERRORS``, all counted). Otherwise new objects
    become drafts, changed ones get a new draft revision and unchanged ones are
    left alone — or all of them are published when ``publish`` is set.
    Raises ``PermissionDenied`` when the run's user may not do that, and
    ``ValidationError`` (code ``not_startable``) when the run is not waiting
    to run or checked — someone else started it.
    """
    if publish is not None:
        run.publish = publish
    check_permissions(kind=run.kind, user=run.user, publish=run.publish)
    _start(run, dry_run=dry_run)
    progress = ProgressWriter(run)
    try:
        with Heartbeat(run):
            _run(run, dry_run=dry_run, progress=progress)
    except Exception:
        logger.exception("Import run %s failed", run.pk)
        _finish(
            run,
            problems=[
                ImportProblem(_("the import failed unexpectedly; nothing was written."))
            ],
            retryable=True,
        )
        raise
    finally:
        progress.close()
    return run


def _start(run: ImportRun, *, dry_run: bool) -> None:
    """Claim ``run`` for this attempt with one conditional update."""
    now = timezone.now()
    run.log_uuid = run.log_uuid or uuid.uuid4()
    values = {
        "status": ImportRun.Status.RUNNING,
        "started_at": now,
        "heartbeat_at": now,
        "finished_at": None,
        "phase": "checking",
        "progress": 0,
        "errors": [],
        "error_count": 0,
        "retryable": False,
        "dry_run": dry_run,
        "publish": run.publish,
        "log_uuid": run.log_uuid,
    }
    started = ImportRun.objects.filter(
        pk=run.pk, status__in=STARTABLE, attempt=run.attempt
    ).update(attempt=F("attempt") + 1, **values)
    if not started:
        raise ValidationError(
            _("Import run %(id)d is already running or has finished.") % {"id": run.pk},
            code="not_startable",
        )
    for name, value in values.items():
        setattr(run, name, value)
    run.attempt += 1


def _run(run: ImportRun, *, dry_run: bool, progress) -> None:
    source = Source.from_file(run.file, name=run.file_name, size=run.file_size)
    try:
        prepared = prepare(
            run.kind, source, publish=run.publish, user=run.user, progress=progress
        )
    except FileRefused as refused:
        _finish(run, problems=refused.problems)
        return
    run.read_as = "; ".join(str(note) for note in prepared.notes)[:200]
    run.row_count = prepared.row_count
    run.skipped_count = prepared.skipped
    run.preview = prepared.preview(conf.get("PREVIEW_ROWS"))
    run.created_count = prepared.count(CREATE)
    run.updated_count = prepared.count(UPDATE)
    run.unchanged_count = prepared.count(UNCHANGED)
    run.held_count = prepared.held
    report = prepared.report
    if not report.ok:
        _finish(run, problems=report.problems, total=report.total)
        return
    if dry_run:
        run.published_count = prepared.to_publish if run.publish else 0
        _finish(run, status=ImportRun.Status.CHECKED)
        return
    try:
        with transaction.atomic():
            run.published_count = Writer(
                prepared,
                user=run.user,
                log_uuid=run.log_uuid,
                progress=progress,
            ).write()
            run.written = True
            # The result is saved in the same transaction: a run recovered or
            # started again meanwhile makes this attempt roll everything back.
            if not _finish(run, status=ImportRun.Status.DONE):
                raise _TakenOver
    except _TakenOver:
        logger.warning("Import run %s: the write was rolled back.", run.pk)
    except IntegrityError as error:
        logger.warning("Import run %s refused by the database: %s", run.pk, error)
        run.written = False
        _finish(
            run,
            problems=[
                ImportProblem(
                    _(
                        "the database refused the import, probably because someone "
                        "changed the same objects meanwhile; nothing was written. "
                        "Try again."
                    )
                )
            ],
            retryable=True,
        )


def _finish(
    run, *, status=ImportRun.Status.FAILED, problems=(), total=None, retryable=False
) -> bool:
    """Save ``run``'s result, unless another attempt has taken the run.

    Keeps the first ``MAX_STORED_ERRORS`` problems and counts them all.
    """
    problems = list(problems)
    run.status = status
    run.finished_at = timezone.now()
    run.phase = ""
    run.progress = 100
    run.retryable = retryable
    if status == ImportRun.Status.FAILED:
        run.created_count = run.updated_count = run.unchanged_count = 0
        run.published_count = run.held_count = 0
        run.written = False
    run.errors = [
        problem.as_dict() for problem in problems[: conf.get("MAX_STORED_ERRORS")]
    ]
    run.error_count = total if total is not None else len(problems)
    saved = still_running(run.pk, run.attempt).update(
        **{name: getattr(run, name) for name in RESULT_FIELDS}
    )
    if saved:
        return True
    logger.warning(
        "Import run %s was recovered or started again; the result of attempt %s "
        "(%s) is dropped.",
        run.pk,
        run.attempt,
        status,
    )
    run.refresh_from_db()
    return False


def refuse_pending_run(*, run: ImportRun, message: str) -> bool:
    """End a run that was waiting to run as failed with ``message``.

    For a queued run its user may no longer run; nothing was written.
    """
    return bool(
        ImportRun.objects.filter(
            pk=run.pk, status=ImportRun.Status.PENDING, attempt=run.attempt
        ).update(
            status=ImportRun.Status.FAILED,
            finished_at=timezone.now(),
            phase="",
            progress=100,
            errors=[ImportProblem(message).as_dict()],
            error_count=1,
            retryable=False,
        )
    )


def recover_stale_runs(*, now=None, pks=None) -> list[int]:
    """Mark failed the running imports whose worker stopped; return their ids.

    A run is stale when its heartbeat (or, before the first one, its start)
    is older than ``IMPORTERS_STALE_AFTER`` seconds. Nothing was written: the
    write is one transaction, which died with the worker. The run may then be
    run again (``rerun_import``). Each run is taken with one conditional
    update, so two callers never both recover it, and a run whose heartbeat
    arrives first stays running. ``pks`` limits the sweep to those runs.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=conf.get("STALE_AFTER"))
    stale = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )
    if pks is not None:
        stale = stale.filter(pk__in=list(pks))
    values = {
        "status": ImportRun.Status.FAILED,
        "retryable": True,
        "finished_at": now,
        "phase": "",
        "progress": 100,
        "errors": [ImportProblem(stale_message()).as_dict()],
        "error_count": 1,
        "created_count": 0,
        "updated_count": 0,
        "unchanged_count": 0,
        "published_count": 0,
        "held_count": 0,
        "written": False,
    }
    recovered = []
    for pk in list(stale.values_list("pk", flat=True)):
        try:
            taken = stale.filter(pk=pk).update(**values)
        except OperationalError as error:
            # SQLite, one writer at a time, while an import writes: the next
            # look at the run tries again.
            logger.warning("Import run %s not recovered now: %s", pk, error)
            continue
        if taken:
            logger.warning("Import run %s: its worker stopped; marked failed.", pk)
            recovered.append(pk)
    return recovered


def rerun_import(
    *,
    run: ImportRun,
    requested_by=None,
    in_background: bool = False,
) -> ImportRun:
    """Run a stopped import again from its stored upload, as it first ran.

    The run must have failed for a reason other than its file (its worker
    stopped, the database refused); a run whose worker just died is recovered
    first. It runs as its own user, checking, or writing and publishing, as
    before — with the same permission checks. ``requested_by`` is the admin
    user asking, who must be that user; ``None`` is the command line's
    operator. ``in_background`` queues it on the task cluster.

    Of two requests at once, one runs it; the other gets ``ValidationError``.
    """
    recover_stale_runs(pks=[run.pk])
    run.refresh_from_db()
    if requested_by is not None and run.user_id != requested_by.pk:
        raise PermissionDenied(
            _("Only the person who started import run %(id)d may run it again.")
            % {"id": run.pk}
        )
    check_permissions(kind=run.kind, user=run.user, publish=run.publish)
    if run.status != ImportRun.Status.FAILED or not run.retryable:
        raise ValidationError(_not_rerunnable(run), code="not_rerunnable")
    if not run.file:
        raise ValidationError(
            _("Import run %(id)d cannot run again: its file was not kept.")
            % {"id": run.pk},
            code="not_rerunnable",
        )
    claimed = ImportRun.objects.filter(
        pk=run.pk,
        status=ImportRun.Status.FAILED,
        retryable=True,
        attempt=run.attempt,
    ).update(
        status=ImportRun.Status.PENDING, retryable=False, phase="queued", progress=0
    )
    if not claimed:
        raise ValidationError(
            _("Import run %(id)d is already running again.") % {"id": run.pk},
            code="not_rerunnable",
        )
    run.refresh_from_db()
    if in_background:
        queue_import(run, dry_run=run.dry_run)
        return run
    return run_import(run=run, dry_run=run.dry_run)


def _not_rerunnable(run: ImportRun) -> str:
    if run.status == ImportRun.Status.RUNNING:
        return _(
            "Import run %(id)d is still running (its worker is responding); "
            "it cannot run twice at once."
        ) % {"id": run.pk}
    if run.status == ImportRun.Status.FAILED:
        return _(
            "Import run %(id)d was refused because of its file; correct the file "
            "and import it again."
        ) % {"id": run.pk}
    return _("Import run %(id)d is %(status)s; only a stopped import runs again.") % {
        "id": run.pk,
        "status": run.get_status_display().lower(),
    }
