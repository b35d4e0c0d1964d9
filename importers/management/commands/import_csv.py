from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from importers.actions import create_run, recover_stale_runs, rerun_import, run_import
from importers.errors import ImportProblem
from importers.kinds import KINDS
from importers.models import ImportRun
from importers.reading import Source


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of recommendations, actions, indicators or a "
        "UHRI export. Every row is checked first; on any problem nothing is "
        "written, one line per problem is printed and the exit status is 1. New "
        "objects become drafts and changed ones get a new draft revision, unless "
        "--publish. Re-importing the same file changes nothing. --rerun RUN_ID "
        "runs an import whose worker stopped again, from the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", nargs="?", choices=sorted(KINDS), help="What the file holds."
        )
        parser.add_argument("file", nargs="?", help="Path of the .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change; write nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the created and changed objects instead of saving drafts.",
        )
        parser.add_argument(
            "--user",
            help="Username the revisions and history are recorded for; their "
            "permissions are checked.",
        )
        parser.add_argument(
            "--rerun",
            type=int,
            metavar="RUN_ID",
            help="Run again an import that stopped (its worker stopped "
            "responding), from its stored file, as its own user, checking or "
            "writing as it did; give no KIND, FILE or other option.",
        )

    def handle(self, *args, kind, file, dry_run, publish, user, rerun, **options):
        for pk in recover_stale_runs():
            self.stderr.write(
                f"Import run {pk} stopped (its worker stopped responding) and is "
                f"marked failed; nothing was written. Run it again with --rerun {pk}."
            )
        if rerun is not None:
            if kind or file or dry_run or publish or user:
                raise CommandError(
                    "--rerun takes the kind, file, user and options of the run; "
                    "give nothing else."
                )
            run = self._rerun(rerun)
            self._report(run, name=run.file_name, dry_run=run.dry_run)
            return
        if not (kind and file):
            raise CommandError("Give KIND and FILE, or --rerun RUN_ID.")
        account = None
        if user:
            try:
                account = get_user_model()._default_manager.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {user!r}.") from None
        try:
            source = Source.from_path(file)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        try:
            run = create_run(
                kind=kind,
                source=source,
                user=account,
                origin=ImportRun.Origin.COMMAND,
                publish=publish,
            )
            run = run_import(run=run, dry_run=dry_run)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(_message(error)) from None
        self._report(run, name=source.name, dry_run=dry_run)

    def _rerun(self, pk: int) -> ImportRun:
        run = ImportRun.objects.filter(pk=pk).select_related("user").first()
        if run is None:
            raise CommandError(f"No import run {pk}.")
        try:
            return rerun_import(run=run)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(_message(error)) from None

    def _report(self, run: ImportRun, *, name: str, dry_run: bool) -> None:
        if run.status == ImportRun.Status.FAILED:
            for problem in run.errors:
                self.stderr.write(str(ImportProblem.from_dict(problem)))
            if run.error_count > len(run.errors):
                self.stderr.write(
                    f"Showing the first {len(run.errors):,} of {run.error_count:,} "
                    "errors."
                )
            raise CommandError(
                f"{run.error_count} problem(s) in {name}; nothing was written."
            )
        prefix = "Dry run, nothing written: would be " if dry_run else ""
        self.stdout.write(
            f"{prefix}{run.summary()} ({run.row_count} rows, import run {run.pk})."
        )


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
