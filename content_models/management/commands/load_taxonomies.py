from django.core.management.base import BaseCommand, CommandError

from content_models.taxonomy_loader import (
    UnknownPreset,
    available_presets,
    load_taxonomies,
)


class Command(BaseCommand):
    help = (
        "Load the default taxonomy values (bodies, cycles, agencies, issues, "
        "affected groups, SMART criteria) of a national preset, every country "
        "from pycountry and the 17 SDGs. Safe to run again: it only updates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--preset",
            default="nz",
            help=f"Preset to load (available: {', '.join(available_presets())}).",
        )

    def handle(self, *args, preset, **options):
        try:
            result = load_taxonomies(preset=preset)
        except UnknownPreset as error:
            raise CommandError(str(error)) from error
        for label in result.created:
            self.stdout.write(
                f"{label}: {result.created[label]} created, "
                f"{result.updated[label]} updated"
            )
