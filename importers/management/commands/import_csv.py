from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from importers.actions import create_run, run_import
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
        "--publish. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="What the file holds.")
        parser.add_argument("file", help="Path of the .csv or .xlsx file.")
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

    def handle(self, *args, kind, file, dry_run, publish, user, **options):
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
        if run.status == ImportRun.Status.FAILED:
            for problem in run.errors:
                self.stderr.write(str(ImportProblem.from_dict(problem)))
            hidden = run.error_count - len(run.errors)
            if hidden > 0:
                self.stderr.write(f"… and {hidden} more problems.")
            raise CommandError(
                f"{run.error_count} problem(s) in {source.name}; nothing was written."
            )
        prefix = "Dry run, nothing written: would be " if dry_run else ""
        self.stdout.write(
            f"{prefix}{run.summary()} ({run.row_count} rows, import run {run.pk})."
        )


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
