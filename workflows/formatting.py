"""How the Monitor's documents write dates and how far an item is from the public.

Shared by the Cabinet annex (``workflows.cabinet``) and the reports for the
UN (``workflows.un_report``): New Zealand dates (the site's ``DATE_FORMAT``,
e.g. ``6 Dec 2026``), date and time in the site's time zone, and word counts.
The state of a moderated item is ``workflows.response.item_state``.
"""

from django.utils import timezone
from django.utils.formats import date_format


def nz_date(day) -> str:
    """``6 Dec 2026`` (the site's ``DATE_FORMAT``); an em dash for no date."""
    return date_format(day, "DATE_FORMAT") if day else "—"


def nz_datetime(moment) -> str:
    """``6 December 2026 3:52 pm`` in the site's time zone."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def word_count(text: str) -> int:
    """Words of ``text``: runs of characters between white space (the rule of
    the admin's live count, ``monitor_admin/js/word-count.js``)."""
    return len((text or "").split())
