"""The import as one state change, called by the command, the admin and the task."""

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, permissions
from .errors import FileRefused, ImportProblem
from .kinds import KINDS
from .models import ImportRun
from .pipeline import CREATE, UNCHANGED, UPDATE, prepare
from .reading import Source
from .writer import Writer

logger = logging.getLogger(__name__)

# How far the progress bar gets by the end of each phase.
PHASES = {"checking": (0, 50), "writing": (50, 80), "publishing": (80, 100)}


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
    bulk_indexing: bool = True,
) -> ImportRun:
    """Check ``run``'s file and, unless ``dry_run``, write it in one transaction.

    Every row is validated first; a single problem means nothing is written
    and the run ends ``FAILED`` with every problem on it. Otherwise new objects
    become drafts, changed ones get a new draft revision and unchanged ones are
    left alone — or all of them are published when ``publish`` is set.
    Raises ``PermissionDenied`` when the run's user may not do that.

    ``bulk_indexing`` lets publishing suspend per-object search indexing for
    the model (process-wide) and index in bulk; pass ``False`` in a web
    request, where other threads may be saving.
    """
    if publish is not None:
        run.publish = publish
    check_permissions(kind=run.kind, user=run.user, publish=run.publish)
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.finished_at = None
    run.phase = "checking"
    run.progress = 0
    run.errors = []
    run.error_count = 0
    run.log_uuid = run.log_uuid or uuid.uuid4()
    run.save()
    progress = ProgressWriter(run)
    try:
        _run(run, dry_run=dry_run, progress=progress, bulk_indexing=bulk_indexing)
    except Exception:
        logger.exception("Import run %s failed", run.pk)
        _finish(
            run,
            problems=[
                ImportProblem(_("the import failed unexpectedly; nothing was written."))
            ],
        )
        raise
    finally:
        progress.close()
    return run


def _run(run: ImportRun, *, dry_run: bool, progress, bulk_indexing: bool) -> None:
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
            published = Writer(
                prepared,
                user=run.user,
                log_uuid=run.log_uuid,
                progress=progress,
                bulk_indexing=bulk_indexing,
            ).write()
    except IntegrityError as error:
        logger.warning("Import run %s refused by the database: %s", run.pk, error)
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
        )
        return
    run.published_count = published
    run.written = True
    _finish(run, status=ImportRun.Status.DONE)


def _finish(run, *, status=ImportRun.Status.FAILED, problems=(), total=None):
    run.status = status
    run.finished_at = timezone.now()
    run.phase = ""
    run.progress = 100
    if status == ImportRun.Status.FAILED:
        run.created_count = run.updated_count = run.unchanged_count = 0
        run.published_count = 0
    run.errors = [problem.as_dict() for problem in problems]
    run.error_count = total if total is not None else len(problems)
    run.save()


class ProgressWriter:
    """Records a run's phase and percentage where other processes can see it.

    Outside a transaction an ordinary update does; inside the import's own
    transaction (writing) a second connection is used on PostgreSQL, so that
    the admin's progress bar keeps moving. (SQLite allows one writer at a time:
    there the bar waits for the commit.)
    """

    def __init__(self, run: ImportRun):
        self.run_id = run.pk
        self.side_channel = (
            connection.vendor == "postgresql" and not connection.in_atomic_block
        )
        self._side = None

    def __call__(self, phase: str, fraction: float) -> None:
        low, high = PHASES.get(phase, (0, 100))
        percent = int(low + (high - low) * max(0.0, min(fraction, 1.0)))
        if not connection.in_atomic_block:
            ImportRun.objects.filter(pk=self.run_id).update(
                phase=phase, progress=percent
            )
        elif self.side_channel:
            if self._side is None:
                self._side = connections.create_connection("default")
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportRun._meta.db_table} SET phase = %s, progress = %s "
                    "WHERE id = %s",
                    [phase, percent, self.run_id],
                )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
