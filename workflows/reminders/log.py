"""Reading the reminders for the admin's screen: the log, the next run, the schedule.

Administrators read every reminder; a lead agency manager reads the reminders
about the content of the bodies their agency leads (due dates, progress
reports and recommendations through ``workflows.scoping``, reporting cycles
through their body), whoever received them. Nothing here records or sends:
the next run is ``send_due_reminders(dry_run=True)``, filtered the same way.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from content_models.models import (
    Action,
    Agency,
    DueDate,
    HumanRightsBody,
    ProgressReport,
    Recommendation,
    ReportingCycle,
)

from .. import roles, scoping
from ..models import Reminder
from ..schedules import DAILY_REMINDERS

#: The kinds of object the rules remind about.
REMINDED_MODELS = (DueDate, ProgressReport, Recommendation, ReportingCycle)


def may_read(user) -> bool:
    """Administrators and lead agency managers read the reminders."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (roles.is_administrator(user) or roles.is_lead_agency_manager(user))
    )


def _managed(model, agencies) -> Q:
    """``model``'s rows of the bodies ``agencies`` lead."""
    if model is ReportingCycle:
        return Q(body__lead_agency__in=list(agencies))
    if model is DueDate:
        # A due date belongs where its action does.
        return Q(
            action__in=Action.objects.filter(
                scoping.managed_filter(Action, agencies)
            ).values("pk")
        )
    return scoping.managed_filter(model, agencies)


def _of_bodies(model, bodies) -> Q:
    """``model``'s rows of ``bodies`` (through recommendations and cycles)."""
    bodies = list(bodies)
    if model is ReportingCycle:
        return Q(body__in=bodies)
    if model is Recommendation:
        return Q(cycle__body__in=bodies)
    return Q(
        pk__in=model._default_manager.filter(
            action__recommendations__cycle__body__in=bodies
        ).values("pk")
    )


def _objects(condition_of: Callable[[type], Q]) -> Q:
    """Log rows whose object satisfies ``condition_of(model)``."""
    condition = Q(pk__in=[])
    for model in REMINDED_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(
            content_type=content_type,
            object_id__in=model._default_manager.filter(condition_of(model)).values(
                "pk"
            ),
        )
    return condition


def readable(user) -> QuerySet[Reminder]:
    """The log rows ``user`` may read, newest first."""
    queryset = Reminder.objects.select_related("message", "content_type")
    if not may_read(user):
        return queryset.none()
    if roles.is_administrator(user):
        return queryset
    agencies = roles.agency_ids(user)
    return queryset.filter(_objects(lambda model: _managed(model, agencies)))


def of_bodies(queryset, bodies: Iterable[HumanRightsBody]) -> QuerySet[Reminder]:
    """Reminders about the content of ``bodies``."""
    bodies = list(bodies)
    return queryset.filter(_objects(lambda model: _of_bodies(model, bodies)))


def of_agencies(queryset, agencies: Iterable[Agency]) -> QuerySet[Reminder]:
    """Reminders sent to ``agencies``: their people or their mailboxes."""
    agencies = list(agencies)
    mailboxes = [agency.email.lower() for agency in agencies if agency.email]
    return queryset.filter(
        Q(message__user__agencies__in=agencies) | Q(recipient__in=mailboxes)
    ).distinct()


# --- The next run -----------------------------------------------------------


def next_run(user, *, now: datetime.datetime | None = None):
    """What the daily job would send at ``now``, as ``user`` may read it.

    ``send_due_reminders(dry_run=True)``: records, sends and changes nothing.
    A manager sees the messages' items about their bodies (a message with none
    left is left out); a retried message of an earlier day, which carries no
    objects, is shown whole when they may read one of its log rows.
    """
    from ..actions import send_due_reminders

    if not may_read(user):
        return []
    run = send_due_reminders(now=now or timezone.now(), dry_run=True)
    if roles.is_administrator(user):
        return run.messages
    agencies = roles.agency_ids(user)
    allowed = _allowed_objects(
        (key for message in run.messages for key in message.objects), agencies
    )
    retried = set(
        readable(user)
        .filter(message_id__in=[m.message_id for m in run.messages if m.message_id])
        .values_list("message_id", flat=True)
    )
    messages = []
    for message in run.messages:
        if message.message_id is not None:
            if message.message_id in retried:
                messages.append(message)
            continue
        kept = [
            (item, key)
            for item, key in zip(message.items, message.objects, strict=True)
            if key in allowed
        ]
        if kept:
            message.items = [item for item, _key in kept]
            message.objects = [key for _item, key in kept]
            messages.append(message)
    return messages


def _allowed_objects(keys, agencies) -> set[tuple[int, int]]:
    by_type = defaultdict(set)
    for content_type_id, object_id in keys:
        by_type[content_type_id].add(object_id)
    allowed = set()
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model not in REMINDED_MODELS:
            continue
        rows = model._default_manager.filter(
            _managed(model, agencies), pk__in=ids
        ).values_list("pk", flat=True)
        allowed.update((content_type_id, pk) for pk in rows)
    return allowed


# --- The schedule -----------------------------------------------------------


@dataclass(frozen=True)
class ScheduleState:
    """The daily job as django-q2 holds it."""

    name: str
    cron: str
    frequency: str
    next_run: datetime.datetime | None
    last_run: datetime.datetime | None


def describe_cron(cron: str) -> str:
    """``0 7 * * *`` → ``every day at 7:00 am``; any other cron as it is."""
    parts = cron.split()
    if (
        len(parts) == 5
        and parts[2:] == ["*", "*", "*"]
        and parts[0].isdigit()
        and parts[1].isdigit()
    ):
        moment = datetime.time(int(parts[1]), int(parts[0]))
        hour = moment.hour % 12 or 12
        suffix = "am" if moment.hour < 12 else "pm"
        return f"every day at {hour}:{moment.minute:02d} {suffix}"
    return f"cron {cron}"


def schedule() -> ScheduleState | None:
    """The daily reminder schedule, or ``None`` when it does not exist."""
    from django_q.models import Schedule, Task

    row = Schedule.objects.filter(name=DAILY_REMINDERS).order_by("pk").first()
    if row is None:
        return None
    last = (
        Task.objects.filter(func=row.func)
        .order_by("-stopped")
        .values_list("stopped", flat=True)
        .first()
    )
    return ScheduleState(
        name=row.name,
        cron=row.cron or "",
        frequency=describe_cron(row.cron)
        if row.cron
        else row.get_schedule_type_display(),
        next_run=row.next_run,
        last_run=last,
    )
