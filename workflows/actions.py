"""State changes of the Monitor: one function each, called by every entry point.

Admin views, GraphQL, management commands and django-q2 tasks call these; none
of them changes state on its own.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from content_models.models import DueDate, Indicator


def today_in_site_time_zone(now: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in the site's time zone (Pacific/Auckland)."""
    return timezone.localdate(now or timezone.now())


@transaction.atomic
def sync_due_dates(
    *, indicator: Indicator, today: datetime.date | None = None
) -> tuple[int, int]:
    """Bring an indicator's due dates in line with its (live) schedule.

    The first time an indicator gets due dates, every date of its schedule is
    created, past ones included, so that overdue reports are owed. After that
    only the future is rebuilt: due dates from ``today`` on that no published
    report answers are removed when the schedule no longer has them, and new
    future dates are added. Past and reported due dates are history and stay.
    An indicator that is not live owes nothing from ``today`` on.

    Returns ``(created, deleted)``.
    """
    today = today or today_in_site_time_zone()
    wanted = set(indicator.schedule_dates()) if indicator.live else set()
    existing = {due.date: due for due in indicator.due_dates.all()}

    stale_ids = [
        due.pk for day, due in existing.items() if day >= today and day not in wanted
    ]
    deleted = 0
    if stale_ids:
        deleted, _ = DueDate.objects.open().filter(pk__in=stale_ids).delete()

    first_generation = not existing
    new_dates = sorted(
        day
        for day in wanted
        if day not in existing and (first_generation or day >= today)
    )
    DueDate.objects.bulk_create(
        [
            DueDate(action_id=indicator.action_id, indicator=indicator, date=day)
            for day in new_dates
        ]
    )
    return len(new_dates), deleted
