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


def nearest_open_due_date(*, action, on: datetime.date):
    """The open due date of ``action`` closest to ``on`` (the earlier on a tie)."""
    candidates = list(DueDate.objects.open().filter(action=action))
    if not candidates:
        return None
    return min(candidates, key=lambda due: (abs((due.date - on).days), due.date))


@transaction.atomic
def apply_published_report(*, report, user=None) -> None:
    """What publishing a progress report means for its action.

    Called once per publication (Wagtail's ``published`` signal, whether the
    lead agency published directly or approved the workflow task):

    - the report answers a due date: its own, or for an unscheduled report the
      nearest open due date of the action, which is then recorded on it;
    - its proposed status becomes the action's progress status, through a new
      published revision of the action. A pending draft of the action stays a
      draft, with the new status carried into it, so nobody's edits are lost
      and nothing unapproved goes live.
    """
    from content_models.models import Action, ProgressReport

    if report.due_date_id is None:
        published_on = today_in_site_time_zone(report.last_published_at)
        due = nearest_open_due_date(action=report.action, on=published_on)
        if due is not None:
            # The live row is the published report: record the link on it.
            ProgressReport.objects.filter(pk=report.pk).update(due_date=due)
            report.due_date = due

    status = report.proposed_status
    action = Action.objects.select_for_update().get(pk=report.action_id)
    if not status or action.progress_status == status:
        return

    pending_draft = action.latest_revision if action.has_unpublished_changes else None
    moderation = action.current_workflow_state
    action.progress_status = status
    # Wagtail cancels a workflow in progress when its object is published.
    action.save_revision(user=user, log_action=True).publish(user=user)

    if pending_draft is not None:
        draft = pending_draft.as_object()
        draft.progress_status = status
        draft.save_revision(user=pending_draft.user, log_action=False)
    if moderation is not None:
        # Put the pending draft back in front of its approvers.
        action.refresh_from_db()
        moderation.workflow.start(action, moderation.requested_by)
