"""The importers' settings, each overridable in Django settings as ``IMPORTERS_*``."""

from django.conf import settings

DEFAULTS = {
    # Larger files are refused before anything is read.
    "MAX_FILE_SIZE": 20 * 1024 * 1024,
    # Admin uploads larger than this are checked and imported by django-q2.
    "BACKGROUND_THRESHOLD": 512 * 1024,
    # Admin imports publishing more objects than this run on the task cluster.
    "PUBLISH_IN_REQUEST": 100,
    # Data rows in one file; more is refused (split the file).
    "MAX_ROWS": 100_000,
    # Errors kept on an import run (and shown in the error CSV).
    "MAX_STORED_ERRORS": 5_000,
    # Rows of the preview table in the admin.
    "PREVIEW_ROWS": 20,
    # Seconds between two progress updates of a running import.
    "PROGRESS_INTERVAL": 0.5,
}


def get(name: str):
    """The value of ``IMPORTERS_<name>``, or its default."""
    return getattr(settings, f"IMPORTERS_{name}", DEFAULTS[name])
