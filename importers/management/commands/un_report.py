"""``manage.py un_report KIND CYCLE --output FILE.docx [--include-drafts]``."""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers import un_report_docx
from workflows import un_report

from ..cycles import cycle_by_code


class Command(BaseCommand):
    help = (
        "Write a draft report for the UN on a reporting cycle as a Word document: "
        "upr-response (positions and comments, against the word limit), "
        "follow-up (the one-year update, against the page budget) or mid-term "
        "(developments since the recommendations were received). From the "
        "published content; --include-drafts adds the lead agency's approved "
        "drafts, marked (draft)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=", ".join(un_report.KINDS))
        parser.add_argument("cycle", help="The cycle's code, e.g. UPR-2024.")
        parser.add_argument(
            "--output", "-o", required=True, help="The Word file to write (.docx)."
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Add the drafts the lead agency approved, marked (draft).",
        )

    def handle(self, *args, kind, cycle, output, include_drafts, **options):
        if kind not in un_report.KINDS:
            raise CommandError(
                f"{kind}: not a kind of report; use {', '.join(un_report.KINDS)}."
            )
        if Path(output).suffix.lower() != ".docx":
            raise CommandError(f"--output {output}: the file must end .docx.")
        found = cycle_by_code(cycle)
        try:
            report = un_report.compile_report(
                kind, cycle=found, include_drafts=include_drafts
            )
        except un_report.ReportError as error:
            raise CommandError(str(error)) from None
        buffer = io.BytesIO()  # written whole, or not at all
        un_report_docx.write_docx(report, buffer)
        try:
            with open(output, "wb") as stream:
                stream.write(buffer.getvalue())
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror or error}") from None
        self.stdout.write(f"Wrote {output}: {report.title}. {report.summary}".strip())
        for warning in report.warnings:
            self.stderr.write(f"Warning: {warning}")
