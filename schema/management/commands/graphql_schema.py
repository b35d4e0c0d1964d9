from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"


class Command(BaseCommand):
    help = (
        "Write the public GraphQL schema (SDL) to schema/schema.graphql, or with "
        "--check fail when the committed file differs from the code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only compare; exit 1 on a difference."
        )

    def handle(self, *args, check=False, **options):
        from schema.schema import schema

        sdl = schema.as_str() + "\n"
        if check:
            if not SDL_PATH.exists() or SDL_PATH.read_text() != sdl:
                raise CommandError(
                    f"{SDL_PATH} is out of date; run manage.py graphql_schema"
                )
            self.stdout.write("The committed schema is up to date.")
            return
        SDL_PATH.write_text(sdl)
        self.stdout.write(f"Wrote {SDL_PATH}")
