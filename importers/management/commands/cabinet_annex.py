"""``manage.py cabinet_annex CYCLE --output FILE.docx [--group-by issue|agency]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers import annex

from ..cycles import cycle_by_code

EXTENSIONS = ("docx", "xlsx")


class Command(BaseCommand):
    help = (
        "Write the Cabinet paper's annex of a reporting cycle: its compiled "
        "response (recommendations, proposed actions — work underway or new —, "
        "reasons where no action is proposed, priorities) after a cover table. "
        "A Word document, or a workbook when the output ends .xlsx. Drafts are "
        "included and marked as drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's code, e.g. UPR-2024.")
        parser.add_argument(
            "--output", "-o", required=True, help="The file to write: .docx or .xlsx."
        )
        parser.add_argument(
            "--group-by",
            default="issue",
            help="issue (human rights issue, the default) or agency (responsible "
            "agency).",
        )

    def handle(self, *args, cycle, output, group_by, **options):
        if group_by not in annex.GROUP_BY:
            raise CommandError(
                f"--group-by {group_by}: not a grouping; use issue or agency."
            )
        extension = Path(output).suffix.lower().lstrip(".")
        if extension not in EXTENSIONS:
            raise CommandError(f"--output {output}: the file must end .docx or .xlsx.")
        found = cycle_by_code(cycle)
        compiled = annex.compile_annex(cycle=found, group_by=group_by)
        try:
            with open(output, "wb") as stream:
                annex.write(compiled, stream, extension=extension)
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror or error}") from None
        self.stdout.write(
            f"Wrote {output}: {len(compiled.recommendations)} recommendations of "
            f"{found.code} in {len(compiled.groups)} groups by {group_by}."
        )
