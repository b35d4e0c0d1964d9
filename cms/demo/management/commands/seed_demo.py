"""``manage.py seed_demo``: a thin wrapper around ``cms.demo.seed``."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo.people import DEMO_PASSWORD
from cms.demo.seed import seed_demo

UNSAFE_FLAG = "--allow-demo-logins-in-production"


def parse_scale(value: str | None) -> int | None:
    """``--scale`` as a positive whole number, or a one-line ``CommandError``."""
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < 1:
        raise CommandError(
            f"--scale must be a whole number of at least 1, not {value!r}."
        )
    return number


@contextmanager
def quiet_logger(name: str, *, quiet: bool):
    """Hold back a logger's INFO lines (Wagtail logs every edit and publish)."""
    logger = logging.getLogger(name)
    level = logger.level
    if quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Seed a deterministic New Zealand demo: the nz taxonomies, reporting "
        "cycles, about 180 recommendations, 60 actions, 120 indicators and 30 "
        "progress reports, created through Wagtail (revisions, drafts, live "
        "objects with unpublished changes, due dates), a cycle under "
        "consideration whose agencies are answering, and public feedback. "
        "With --scale N, also "
        "bulk-insert N synthetic recommendations, N actions and 2N indicators "
        "(references SCALE-R-000001…) in older synthetic cycles, so the demo "
        "cycles stay current; scale rows have no revisions. "
        "Safe to run again: existing objects are left alone. Refused when "
        f"DEBUG is off unless given {UNSAFE_FLAG}: the demo creates logins "
        "whose password is published in the README."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            metavar="N",
            help="Also generate N synthetic recommendations, N actions and 2N "
            "indicators (N >= 1).",
        )
        parser.add_argument(
            UNSAFE_FLAG,
            action="store_true",
            dest="allow_demo_logins",
            help="UNSAFE: seed even though DEBUG is off. The demo creates 25 "
            "logins (administrator, lead agency managers, contributors) whose "
            "password is published; only for a throwaway demo server.",
        )

    def handle(self, *args, scale=None, allow_demo_logins=False, **options):
        # Checked before anything is written: the logins would let anyone who
        # has read the README into a real deployment's admin.
        if not settings.DEBUG and not allow_demo_logins:
            raise CommandError(
                "Refused: DEBUG is off and the demo creates 25 logins with the "
                f"published password {DEMO_PASSWORD!r}; pass {UNSAFE_FLAG} only "
                "on a throwaway demo server."
            )
        count = parse_scale(scale)
        with quiet_logger("wagtail", quiet=options["verbosity"] < 2):
            summary = seed_demo(scale=count)
        for line in summary.lines():
            self.stdout.write(line)
