"""The demo's dates, placed around the day it is first seeded.

The reporting cycles are history (the days New Zealand received the
recommendations) and stay as they are. Everything measured against today —
actions' target dates, indicators' reporting schedules, which progress reports
are in, when a parked recommendation is looked at again — is placed around the
*demo day*, so that a demo seeded on any day shows a believable programme:
most actions on time, a few reports due soon, a few overdue.

The demo day is the day of the first seeding, kept in the database
(:class:`~cms.demo.models.DemoSeeding`); later runs build the same story from
it, so they find every object and add nothing, whatever day they run.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

# How many target dates an action draws from: quarter ends from the last one
# before the demo day on, one in eleven of them past.
TARGET_DATE_COUNT = 11
# Indicators start up to this many months before the demo day (and up to a
# year after it), so only recent reports are owed yet.
SCHEDULE_MONTHS_BEFORE = 6


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s quarter."""
    month = 3 * ((day.month - 1) // 3 + 1)
    return datetime.date(day.year, month, 1) + relativedelta(day=31)


@dataclass(frozen=True)
class DemoDates:
    """Every date of the story that depends on the demo day ``today``."""

    today: datetime.date

    @property
    def last_quarter_end(self) -> datetime.date:
        """The last quarter end before the demo day."""
        return quarter_end(self.today) - relativedelta(months=3, day=31)

    @property
    def target_dates(self) -> tuple[datetime.date, ...]:
        """Quarter ends from the last one before the demo day, 11 in all:
        a completed action draws from the first four, the others from all."""
        return tuple(
            self.last_quarter_end + relativedelta(months=3 * step, day=31)
            for step in range(TARGET_DATE_COUNT)
        )

    @property
    def revisit_dates(self) -> tuple[datetime.date, ...]:
        """When a parked recommendation is looked at again: half a year to
        two years ahead."""
        return tuple(
            quarter_end(self.today) + relativedelta(months=months, day=31)
            for months in (6, 12, 18, 24)
        )

    @property
    def reported_until(self) -> datetime.date:
        """Progress reports are in for due dates up to yesterday (most of
        them): a report due today is due, not late."""
        return self.today - datetime.timedelta(days=1)

    def schedule_start(self, months: int) -> datetime.date:
        """The first of the month ``months`` after the earliest start."""
        first = self.today.replace(day=1)
        return first + relativedelta(months=months - SCHEDULE_MONTHS_BEFORE)

    def recent_month(self, months_back: int) -> datetime.date:
        """The first of the month ``months_back`` months before the demo day."""
        return self.today.replace(day=1) - relativedelta(months=months_back)
