import sys

from django.core.management.base import BaseCommand, CommandError

from importers import exporting
from importers.kinds import KINDS

EXPORTABLE = sorted(name for name, kind in KINDS.items() if kind.exportable)


class Command(BaseCommand):
    help = (
        "Export recommendations, actions or indicators with the import template's "
        "columns. By default the latest drafts of everything, as editors see them "
        "(importing the file again changes nothing); --published exports what the "
        "public sees."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=EXPORTABLE)
        parser.add_argument(
            "--output", "-o", help="File to write (default: standard output)."
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="Default: from the output file's extension, else csv.",
        )
        parser.add_argument(
            "--published",
            action="store_true",
            help="Published content only, with relations to published objects.",
        )

    def handle(self, *args, kind, output, format, published, **options):
        format = format or ("xlsx" if output and output.endswith(".xlsx") else "csv")
        if format == "xlsx" and not output:
            raise CommandError("An XLSX export needs --output FILE.")
        if published:
            queryset = exporting.published_queryset(kind)
        else:
            queryset = KINDS[kind].model._default_manager.all()
        rows = exporting.export_rows(kind, queryset, published=published)
        if output:
            try:
                with open(output, "wb") as stream:
                    if format == "xlsx":
                        exporting.write_xlsx(rows, stream)
                    else:
                        exporting.write_csv(rows, stream)
            except OSError as error:
                raise CommandError(f"{output}: {error.strerror or error}") from None
            return
        stream = getattr(self.stdout, "_out", sys.stdout)
        for text in exporting.csv_stream(rows):
            stream.write(text)
