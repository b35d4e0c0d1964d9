"""Which rows each role's permissions reach: the one place that says.

*What* each role may do — view, add, change, publish, lock... on which
models — is the table in ``workflows.roles``. This module narrows those
permissions to rows, by the user's agencies:

A lead agency *manages* the content of the bodies it leads (through the
recommendation's cycle, or the recommendations an action answers; an action
that answers none belongs to its own lead agency) and reads everyone's. An
agency *owns* the content it is responsible for: its contributors read and
edit that (and read every recommendation). Administrators reach every row.
Everything here reads the database rows, i.e. the published relations of live
objects and the draft relations of new drafts.
"""

import functools
import operator

from django.contrib.auth import get_user_model
from django.db.models import Q

from content_models.models import (
    Action,
    Agency,
    Indicator,
    ProgressReport,
    Recommendation,
)

from . import roles

SCOPED_MODELS = (Recommendation, Action, Indicator, ProgressReport)

READ_ACTIONS = frozenset({"view"})
EDIT_ACTIONS = frozenset({"change", "lock", "unlock"})
MANAGER_ACTIONS = frozenset({"change", "lock", "unlock", "delete", "publish"})

NOTHING = Q(pk__in=[])


def _action_managed(agencies, prefix=""):
    via_body = Q(**{f"{prefix}recommendations__cycle__body__lead_agency__in": agencies})
    unanchored = Q(
        **{
            f"{prefix}recommendations__isnull": True,
            f"{prefix}lead_agency__in": agencies,
        }
    )
    return via_body | unanchored


def _action_owned(agencies, prefix=""):
    return Q(**{f"{prefix}lead_agency__in": agencies}) | Q(
        **{f"{prefix}responsible_agencies__in": agencies}
    )


def _as_pk_filter(model, condition):
    """A single ``pk__in`` subquery: no duplicate rows from the joins, and one
    condition that combines with any listing filter, search or sort."""
    return Q(pk__in=model._default_manager.filter(condition).values("pk"))


def managed_filter(model, agencies) -> Q:
    """Content of the bodies led by ``agencies``."""
    agencies = list(agencies)
    if model is Recommendation:
        condition = Q(cycle__body__lead_agency__in=agencies)
    elif model is Action:
        condition = _action_managed(agencies)
    elif model in (Indicator, ProgressReport):
        condition = _action_managed(agencies, prefix="action__")
    else:
        raise TypeError(f"{model.__name__} is not scoped by agency")
    return _as_pk_filter(model, condition)


def owned_filter(model, agencies) -> Q:
    """Content ``agencies`` are responsible for."""
    agencies = list(agencies)
    if model is Recommendation:
        condition = Q(responsible_agencies__in=agencies)
    elif model is Action:
        condition = _action_owned(agencies)
    elif model is Indicator:
        condition = Q(responsible_agency__in=agencies) | _action_owned(
            agencies, prefix="action__"
        )
    elif model is ProgressReport:
        condition = Q(indicator__responsible_agency__in=agencies) | _action_owned(
            agencies, prefix="action__"
        )
    else:
        raise TypeError(f"{model.__name__} is not scoped by agency")
    return _as_pk_filter(model, condition)


def scope(user, model, action) -> Q | None:
    """The rows of ``model`` on which ``user`` may perform ``action``.

    ``None`` means every row. Model-level permissions are checked separately
    (by the permission policy); this only narrows them.
    """
    if roles.is_administrator(user):
        return None
    agencies = roles.agency_ids(user)
    parts = []
    if roles.is_lead_agency_manager(user):
        if action in READ_ACTIONS:
            return None  # read-only over everyone else's content
        if action in MANAGER_ACTIONS:
            parts.append(managed_filter(model, agencies))
    if roles.is_agency_contributor(user):
        if action in READ_ACTIONS:
            if model is Recommendation:
                return None  # every recommendation is readable
            parts.append(owned_filter(model, agencies))
        elif action in EDIT_ACTIONS:
            parts.append(owned_filter(model, agencies))
    if not parts:
        return NOTHING
    return functools.reduce(operator.or_, parts)


def allows(user, model, action, instance) -> bool:
    """Whether ``scope(user, model, action)`` contains ``instance``."""
    condition = scope(user, model, action)
    if condition is None:
        return True
    if instance.pk is None:
        return False
    return model._default_manager.filter(condition, pk=instance.pk).exists()


def lead_agency_ids_of(instance) -> set[int]:
    """The agencies leading the bodies ``instance`` belongs to."""
    if isinstance(instance, Recommendation):
        lead = instance.cycle.body.lead_agency_id
        return {lead} if lead else set()
    action = instance if isinstance(instance, Action) else instance.action
    leads = set(
        Recommendation.objects.filter(actions=action)
        .exclude(cycle__body__lead_agency__isnull=True)
        .values_list("cycle__body__lead_agency", flat=True)
    )
    if not leads and action.lead_agency_id:
        leads = {action.lead_agency_id}
    return leads


def approvers_of(instance):
    """Active lead agency managers of the agencies leading ``instance``'s body."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.LEAD_AGENCY_MANAGERS,
            agencies__in=lead_agency_ids_of(instance),
        )
        .distinct()
        .order_by("username")
    )


def agencies_of(user):
    return Agency.objects.filter(pk__in=roles.agency_ids(user))


def document_agency_ids(user) -> frozenset[int] | None:
    """The agencies in whose document collections ``user`` may add, change,
    delete and choose documents; ``None`` means every collection.

    A contributor works in their own agencies' collections. A lead agency
    manager also works in those of the agencies responsible for content of the
    bodies their agency leads, whose reports they review and publish.
    """
    if roles.is_administrator(user):
        return None
    return roles.remember(user, "document_agencies", lambda: _document_agencies(user))


def _document_agencies(user):
    agencies = roles.agency_ids(user)
    result = set()
    if roles.is_agency_contributor(user):
        result |= agencies
    if roles.is_lead_agency_manager(user) and agencies:
        result |= agencies | involved_agency_ids(agencies)
    return frozenset(result)


def involved_agency_ids(agencies) -> set[int]:
    """Agencies responsible for content of the bodies ``agencies`` lead."""
    actions = Action.objects.filter(managed_filter(Action, agencies))
    sources = [
        Recommendation.objects.filter(managed_filter(Recommendation, agencies)).values(
            "responsible_agencies"
        ),
        actions.values("lead_agency"),
        actions.values("responsible_agencies"),
        Indicator.objects.filter(action__in=actions).values("responsible_agency"),
    ]
    condition = functools.reduce(operator.or_, (Q(pk__in=s) for s in sources))
    return set(Agency.objects.filter(condition).values_list("pk", flat=True))


def report_agency_id(report) -> int | None:
    """The agency whose collection ``report``'s documents belong in: the
    indicator's responsible agency, else the action's lead agency."""
    if report.indicator_id and report.indicator.responsible_agency_id:
        return report.indicator.responsible_agency_id
    return report.action.lead_agency_id if report.action_id else None


def manages_cycle(user, cycle) -> bool:
    """Whether ``user`` answers for ``cycle``'s response: an administrator, or
    a lead agency manager of the agency leading the cycle's body (the Cabinet
    annex, the Cabinet decision, publishing what was agreed)."""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    if roles.is_administrator(user):
        return True
    lead = cycle.body.lead_agency_id
    return bool(
        lead and roles.is_lead_agency_manager(user) and lead in roles.agency_ids(user)
    )


def managed_cycles(user, cycles):
    """The cycles of ``cycles`` (a queryset) for which ``manages_cycle`` holds."""
    if roles.is_administrator(user):
        return cycles
    if not (user.is_authenticated and roles.is_lead_agency_manager(user)):
        return cycles.none()
    return cycles.filter(body__lead_agency__in=roles.agency_ids(user))
