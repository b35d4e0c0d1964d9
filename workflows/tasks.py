"""django-q2 tasks of the workflows app: thin wrappers around ``actions``.

The dotted paths are part of the deployment (the daily schedule stores
``workflows.tasks.send_daily_reminders``): rename them only with a migration
of the schedule. Every task is safe to run twice.
"""

from django.conf import settings
from django.utils import timezone

from . import actions
from .reminders import delivery


def send_daily_reminders() -> dict:
    """The daily schedule: run every reminder rule now.

    Each message is handed to ``deliver_reminders`` once its log rows are
    committed, so one slow or failing e-mail does not hold up the others.
    Running it twice the same day sends nothing new.
    """
    run = actions.send_due_reminders(now=timezone.now(), queue_delivery=True)
    return {
        "now": run.now.isoformat(),
        "messages": len(run.messages),
        "annual_due_dates_created": run.annual_due_dates[0],
    }


def deliver_reminders(message_ids: list[int]) -> int:
    """Send these reminder messages (ids), unless they were sent already."""
    return len(delivery.deliver(message_ids))


def purge_old_feedback() -> int:
    """The daily schedule (03:30): delete civil-society feedback older than
    ``FEEDBACK_RETENTION_DAYS``, as ``manage.py purge_feedback`` does. Returns
    how many were deleted."""
    return actions.purge_expired_feedback(days=settings.FEEDBACK_RETENTION_DAYS)
