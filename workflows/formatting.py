"""How the Monitor's documents write dates and how far an item is from the public.

Shared by the Cabinet annex (``workflows.cabinet``) and the reports for the
UN (``workflows.un_report``): New Zealand dates (the site's ``DATE_FORMAT``,
e.g. ``6 Dec 2026``), date and time in the site's time zone, and the state of
a moderated item ("Published", "Draft — awaiting approval"…).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def nz_date(day) -> str:
    """``6 Dec 2026`` (the site's ``DATE_FORMAT``); an em dash for no date."""
    return date_format(day, "DATE_FORMAT") if day else "—"


def nz_datetime(moment) -> str:
    """``6 December 2026 3:52 pm`` in the site's time zone."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def state_of(item) -> str:
    """How far ``item`` is from the public: published, or a kind of draft."""
    if item.live and not item.has_unpublished_changes:
        return _("Published")
    state = item.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return _("Draft — awaiting approval")
    if state is not None:
        return _("Draft — sent back for changes")
    if item.live:
        return _("Published, with a draft change")
    return _("Draft")


def word_count(text: str) -> int:
    """Words of ``text``: runs of characters between white space (the rule of
    the admin's live count, ``monitor_admin/js/word-count.js``)."""
    return len((text or "").split())
