"""The importers' settings, each overridable in Django settings as ``IMPORTERS_*``."""

from django.conf import settings

DEFAULTS = {
    # Larger files are refused before anything is read.
    "MAX_FILE_SIZE": 20 * 1024 * 1024,
    # An XLSX is a zip: larger parts once unzipped (sheet, shared strings,
    # styles) are refused before anything is inflated (a "zip bomb").
    "MAX_UNZIPPED_SIZE": 100 * 1024 * 1024,
    # Characters in one cell; Excel's own maximum.
    "MAX_CELL_LENGTH": 32_767,
    # Columns in the header row; the templates have at most 20.
    "MAX_COLUMNS": 500,
    # Admin uploads larger than this are checked and imported by django-q2.
    "BACKGROUND_THRESHOLD": 512 * 1024,
    # Admin imports publishing more objects than this run on the task cluster.
    "PUBLISH_IN_REQUEST": 100,
    # Data rows in one file; more is refused (split the file).
    "MAX_ROWS": 100_000,
    # Errors kept on an import run (and in the error CSV); the total is counted.
    "MAX_STORED_ERRORS": 1_000,
    # Rows of the preview table in the admin.
    "PREVIEW_ROWS": 20,
    # Seconds between two progress updates of a running import.
    "PROGRESS_INTERVAL": 0.5,
    # Seconds between two heartbeats of a running import, written whatever
    # the import is doing (from a thread with its own database connection).
    "HEARTBEAT_INTERVAL": 15,
    # A running import without a heartbeat for this many seconds has lost its
    # worker: it is marked failed and may be run again.
    "STALE_AFTER": 300,
}


def get(name: str):
    """The value of ``IMPORTERS_<name>``, or its default."""
    return getattr(settings, f"IMPORTERS_{name}", DEFAULTS[name])
