"""The reminder thresholds: ``settings.MONITOR_REMINDERS`` over these defaults."""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    # A prompt goes out this many days before a due date.
    "DUE_SOON_DAYS": 30,
    # An overdue report is escalated to the lead agency after this many days.
    "ESCALATE_AFTER_DAYS": 30,
    # Days before a cycle's follow-up deadline when the lead agency hears of it.
    "FOLLOW_UP_DAYS": (90, 30, 7),
    # Days before a cycle's Cabinet target when its lead agency hears of it.
    "CABINET_TARGET_DAYS": (90, 30),
    # When the daily job runs: a cron line in the site's time zone.
    "SCHEDULE_CRON": "0 7 * * *",
    # Messages that could not be sent are tried again by the daily runs of
    # this many following days, then left in the log as never sent.
    "RETRY_DAYS": 3,
    # An e-mail lists at most this many items, then says how many more.
    "MAX_ITEMS_PER_MESSAGE": 50,
}


@dataclass(frozen=True)
class ReminderSettings:
    due_soon_days: int
    escalate_after_days: int
    follow_up_days: tuple[int, ...]
    cabinet_target_days: tuple[int, ...]
    schedule_cron: str
    retry_days: int
    max_items_per_message: int


def get_settings(**overrides) -> ReminderSettings:
    """The effective settings; keyword arguments (lower case) override them."""
    values = {**DEFAULTS, **getattr(settings, "MONITOR_REMINDERS", {})}
    config = {key.lower(): value for key, value in values.items()}
    config.update(overrides)
    for key in ("follow_up_days", "cabinet_target_days"):
        config[key] = tuple(sorted(set(config[key]), reverse=True))
    return ReminderSettings(**config)
