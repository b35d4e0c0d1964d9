"""Due dates and reminders: keeping the reporting schedule of indicators."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from content_models.models import (
    DueDate,
    Indicator,
)


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


@transaction.atomic
def sync_annual_due_dates(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Materialise the 12-month fallback as due dates without an indicator.

    A live action that is not completed and whose live indicators give no due
    date owes a report 12 months after its last published progress report,
    or after its first publication when none was published
    (``Action.annual_due_date``). That date is stored as a ``DueDate`` with
    ``indicator=None``, so reminders, the dashboard and the reports treat both
    kinds of due date alike. The daily reminder job calls this first; it is
    idempotent and cheap to run again (four queries, whatever the number of
    actions).

    Like ``sync_due_dates``, only the future is rebuilt: open fallback dates
    from ``today`` on that are no longer wanted (the action got a schedule, was
    completed or unpublished, or a report moved the 12 months on) are removed;
    past open ones stay owed and reported ones are history. Returns
    ``(created, deleted)``.
    """
    from dateutil.relativedelta import relativedelta
    from django.db.models import Max

    from content_models.models import Action, ProgressReport, ProgressStatus
    from content_models.models.actions import ANNUAL_REPORT_MONTHS

    today = today or today_in_site_time_zone()
    owing = (
        Action.objects.live()
        .without_scheduled_due_dates()
        .exclude(progress_status=ProgressStatus.COMPLETED)
        .exclude(first_published_at__isnull=True)
    )
    first_published = dict(owing.values_list("pk", "first_published_at"))
    # The last report of each, for those actions only, in one grouped query: a
    # subquery per action made PostgreSQL's estimate (and its JIT compilation,
    # most of the time this took) grow with every action.
    reports = (
        ProgressReport.objects.live()
        .filter(first_published_at__isnull=False)
        .values("action_id")
        .annotate(last=Max("first_published_at"))
        .values_list("action_id", "last")
    )
    ids = sorted(first_published)
    size = connection.features.max_query_params or len(ids) or 1  # SQLite: 999
    last_report = {}
    for start in range(0, len(ids), size):
        last_report.update(reports.filter(action_id__in=ids[start : start + size]))
    wanted = {
        (
            pk,
            timezone.localdate(last_report.get(pk) or first)
            + relativedelta(months=ANNUAL_REPORT_MONTHS),
        )
        for pk, first in first_published.items()
    }
    fallback = DueDate.objects.filter(indicator__isnull=True)
    existing = set(
        fallback.filter(action__in=owing.values("pk")).values_list("action_id", "date")
    )
    stale = [
        pk
        for pk, action_id, day in fallback.open()
        .filter(date__gte=today)
        .values_list("pk", "action_id", "date")
        if (action_id, day) not in wanted
    ]
    deleted = DueDate.objects.filter(pk__in=stale).delete()[0] if stale else 0
    missing = sorted(wanted - existing)
    # ignore_conflicts: a concurrent run may have created the same dates.
    DueDate.objects.bulk_create(
        [DueDate(action_id=pk, indicator=None, date=day) for pk, day in missing],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(missing), deleted


def send_due_reminders(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    rules: list[str] | None = None,
    limit: int | None = None,
    queue_delivery: bool = False,
):
    """Run the reminder rules at ``now`` and send what is new.

    First the 12-month fallback due dates are brought up to date
    (``sync_annual_due_dates``), then each rule (all, or the names in
    ``rules``) gives its notices; new ones are recorded in the ``Reminder``
    log and sent, one e-mail per recipient and rule (``workflows.reminders``
    explains why recording comes first). ``limit`` caps the messages of this
    run; ``dry_run`` records and sends nothing and leaves the database as it
    was; ``queue_delivery`` sends through the task cluster instead of here.

    Not one transaction on purpose: the log rows must be committed before
    their e-mails leave. Raises ``ValueError`` for an unknown rule or a limit
    below 1, before doing anything. Returns a ``ReminderRun``.
    """
    from ..reminders import conf, delivery
    from ..reminders.rules import RULES, RunContext

    selected = list(RULES) if not rules else list(dict.fromkeys(rules))
    unknown = [name for name in selected if name not in RULES]
    if unknown:
        raise ValueError(
            f"unknown rule {', '.join(unknown)}; the rules are {', '.join(RULES)}"
        )
    if limit is not None and limit < 1:
        raise ValueError(f"the limit must be at least 1, not {limit}")
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    ordered = {name: RULES[name] for name in RULES if name in selected}
    config = conf.get_settings()

    def apply():
        annual = sync_annual_due_dates(today=today_in_site_time_zone(now))
        result = delivery.run(
            now=now,
            rules=ordered,
            config=config,
            context=RunContext(),
            dry_run=dry_run,
            limit=limit,
            queue_delivery=queue_delivery,
        )
        result.annual_due_dates = annual
        return result

    if not dry_run:
        return apply()
    with transaction.atomic():
        result = apply()
        transaction.set_rollback(True)
    return result
