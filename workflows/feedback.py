"""Who reads civil-society feedback, and who decides what happens to it.

The rule, in one place:

- **Administrators** read and mark all feedback.
- **The lead agency** — the lead agency managers of the agency that leads the
  recommendation's body — reads all feedback on those recommendations and
  marks it *shared with agencies* or *not relevant*.
- **The responsible agencies** — every member (contributor or manager) of an
  agency responsible for the recommendation — read the feedback the lead
  agency marked *shared* **and** whose author consented to sharing it with
  the agencies. Without the author's consent feedback stays with the lead
  agency: marking it shared is refused (``workflows.actions.mark_feedback``).
  They never mark it.
- Everyone else reads none.

Feedback is never public: nothing here is used by the API, the explorer or
the public exports.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from . import roles
from .models import Feedback

NOTHING = Q(pk__in=[])


def _lead_condition(agencies) -> Q:
    return Q(recommendation__cycle__body__lead_agency__in=agencies)


def _shared_condition(agencies) -> Q:
    return Q(
        status=Feedback.Status.SHARED,
        consent_to_share=True,
        recommendation__responsible_agencies__in=agencies,
    )


def readable_filter(user) -> Q | None:
    """The feedback ``user`` may read; ``None`` means all of it."""
    if roles.is_administrator(user):
        return None
    agencies = list(roles.agency_ids(user))
    if not agencies:
        return NOTHING
    parts = []
    if roles.is_lead_agency_manager(user):
        parts.append(_lead_condition(agencies))
    if roles.is_lead_agency_manager(user) or roles.is_agency_contributor(user):
        parts.append(_shared_condition(agencies))
    if not parts:
        return NOTHING
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    # One pk__in subquery: no duplicate rows from the many-to-many join.
    return Q(pk__in=Feedback.objects.filter(condition).values("pk"))


def readable(user):
    """The feedback ``user`` may read, newest first."""
    queryset = Feedback.objects.select_related(
        "recommendation__cycle__body", "status_changed_by"
    )
    condition = readable_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def may_read_any(user) -> bool:
    """Whether the feedback screens are for ``user`` at all (the menu item)."""
    if roles.is_administrator(user):
        return True
    return bool(roles.agency_ids(user)) and (
        roles.is_lead_agency_manager(user) or roles.is_agency_contributor(user)
    )


def may_read(user, feedback: Feedback) -> bool:
    condition = readable_filter(user)
    if condition is None:
        return True
    return Feedback.objects.filter(condition, pk=feedback.pk).exists()


def may_mark(user, feedback: Feedback) -> bool:
    """Administrators, and the lead agency managers of the recommendation's body."""
    if roles.is_administrator(user):
        return True
    if not roles.is_lead_agency_manager(user):
        return False
    lead = feedback.recommendation.cycle.body.lead_agency_id
    return lead is not None and lead in roles.agency_ids(user)


def is_lead_reader(user) -> bool:
    """Whether ``user`` reads feedback as a lead agency (all of it, for their
    bodies) rather than only what was shared with their agency."""
    return roles.is_administrator(user) or roles.is_lead_agency_manager(user)


def expired(*, now: datetime.datetime | None = None, days: int):
    """Feedback received more than ``days`` days before ``now``."""
    now = now or timezone.now()
    return Feedback.objects.filter(received_at__lt=now - datetime.timedelta(days=days))
