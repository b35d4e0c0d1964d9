"""The questions the rules and the dashboard share about due dates.

One definition of *owed* (open due dates of live, unfinished actions and live
indicators) and of *whose* they are, so the e-mails and the admin home page
always agree.
"""

from django.db.models import Q

from content_models.models import Action, DueDate, Indicator

from .recipients import Directory, responsible_agency_ids


def owed_due_dates():
    """Open due dates that still matter: live, unfinished actions and live
    indicators (or the action's own 12-month fallback)."""
    return DueDate.objects.owed()


def responsible_for(agency_ids) -> Q:
    """Due dates the agencies ``agency_ids`` report on (see ``recipients``).

    The same rule as ``recipients.responsible_agency_ids``, as a filter: the
    indicator's responsible agency, else the action's responsible agencies,
    else its lead agency. Written as ``IN`` subqueries on indexed columns, so
    the database starts from the agency's few items, not from every due date.
    """
    agency_ids = list(agency_ids)
    own = Q(
        indicator_id__in=Indicator.objects.filter(
            responsible_agency__in=agency_ids
        ).values("pk")
    )
    shared = Action.responsible_agencies.through.objects.filter(
        agency_id__in=agency_ids
    ).values("action_id")
    led_alone = Action.objects.filter(
        lead_agency__in=agency_ids, responsible_agencies__isnull=True
    ).values("pk")
    inherited = Q(
        Q(indicator__isnull=True) | Q(indicator__responsible_agency__isnull=True),
        Q(action_id__in=shared) | Q(action_id__in=led_alone),
    )
    return own | inherited


DUE_DATE_FIELDS = (
    "pk",
    "date",
    "action_id",
    "action__reference",
    "action__title",
    "action__lead_agency_id",
    "indicator_id",
    "indicator__reference",
    "indicator__title",
    "indicator__responsible_agency_id",
)


class RunContext:
    """What the rules of one run share.

    ``people``: the agencies, their mailboxes and members, read once. The
    three due-date rules also share one query for the open due dates up to
    the end of the prompt window: reported due dates are history that grows
    every year, so it is read once per run, not once per rule.
    """

    def __init__(self, people: Directory | None = None):
        self.people = people or Directory()
        self._owed = None

    def owed(self, *, today, until) -> tuple[list[dict], dict[int, set[int]]]:
        """Open due dates up to ``until`` (oldest first) and who reports on each."""
        if self._owed and self._owed[0] == today and self._owed[1] >= until:
            _, _, rows, responsible = self._owed
            return [row for row in rows if row["date"] <= until], responsible
        rows = list(
            owed_due_dates()
            .filter(date__lte=until)
            .order_by("date", "pk")
            .values(*DUE_DATE_FIELDS)
        )
        responsible = responsible_agency_ids(rows)
        self._owed = (today, until, rows, responsible)
        return rows, responsible
