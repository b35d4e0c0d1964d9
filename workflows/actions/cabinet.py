"""Cabinet: the decision on a cycle, and publishing what was agreed."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from content_models.models import (
    Indicator,
)

from .. import scoping
from .moderation import (
    approve_or_publish,
    check_batch,
    may,
)

# --- Cabinet: the decision on a cycle, and publishing what was agreed -------


def _require_cycle(user, cycle):
    if not scoping.manages_cycle(user, cycle):
        raise PermissionDenied(
            f"{user} may not act for Cabinet on {cycle.code}: only the lead "
            "agency managers of its body and administrators may"
        )


@transaction.atomic
def record_cabinet_decision(
    *,
    cycle,
    user,
    decided_on: datetime.date,
    minute_reference: str,
    summary: str = "",
    public: bool = False,
    documents: Iterable[tuple] = (),
):
    """Record (or correct) Cabinet's decision on ``cycle``, as ``user``.

    ``documents`` are ``(document, public)`` pairs, the released documents in
    order; they replace those recorded before. A document stays private
    unless both its flag and the decision's ``public`` are set. Raises
    ``PermissionDenied`` for a user who does not answer for the cycle
    (``scoping.manages_cycle``) and ``ValidationError`` for a missing date or
    minute reference, before changing anything. Returns the decision.
    """
    from content_models.models import CabinetDecision, CabinetDocument

    _require_cycle(user, cycle)
    errors = {}
    if decided_on is None:
        errors["decided_on"] = _("Give the date of Cabinet's decision.")
    if not (minute_reference or "").strip():
        errors["minute_reference"] = _("Give the Cabinet minute reference.")
    if errors:
        raise ValidationError(errors)
    decision = CabinetDecision.objects.filter(cycle=cycle).first() or CabinetDecision(
        cycle=cycle
    )
    decision.decided_on = decided_on
    decision.minute_reference = minute_reference.strip()
    decision.summary = summary.strip()
    decision.public = public
    decision.recorded_by = user
    decision.full_clean(exclude=["cycle"])
    decision.save()
    decision.documents.all().delete()
    CabinetDocument.objects.bulk_create(
        [
            CabinetDocument(
                decision=decision, document=document, public=bool(flag), sort_order=i
            )
            for i, (document, flag) in enumerate(documents)
        ]
    )
    return decision


def agreed_content(*, cycle) -> list:
    """What Cabinet agreed for ``cycle`` and is not yet published, in the order
    it must be published (recommendations, actions, indicators).

    The cycle's content is its recommendations, the actions answering one of
    them (in their published row or in their latest draft) and those actions'
    indicators. An item of it is *agreed* when it has unpublished content
    (never published, or published with a newer draft) that the lead agency
    has approved for Cabinet:

    - it is awaiting the lead agency's approval (submitted, not sent back), or
    - its latest draft was saved by someone who may publish it (a lead
      agency manager of the body or an administrator: the lead agency's own
      draft, such as imported recommendations or a proposal it amended) and
      no one has sent it back for changes.

    A contributor's draft never submitted, and anything sent back for
    changes, is not agreed and stays a draft.
    """
    from content_models.models import Action, Recommendation

    recommendations = list(
        Recommendation.objects.filter(cycle=cycle).order_by("reference", "pk")
    )
    recommendation_ids = {item.pk for item in recommendations}
    actions = {
        item.pk: item
        for item in Action.objects.filter(recommendations__in=recommendation_ids)
    }
    for action in Action.objects.filter(has_unpublished_changes=True).exclude(
        pk__in=list(actions)
    ):
        draft = action.get_latest_revision_as_object()
        if {item.pk for item in draft.recommendations.all()} & recommendation_ids:
            actions[action.pk] = action
    ordered_actions = sorted(
        actions.values(), key=lambda item: (item.reference, item.pk)
    )
    indicators = list(
        Indicator.objects.filter(action__in=list(actions)).order_by("reference", "pk")
    )
    return [
        item
        for item in [*recommendations, *ordered_actions, *indicators]
        if _is_agreed(item)
    ]


def _is_agreed(item) -> bool:
    if item.live and not item.has_unpublished_changes:
        return False
    state = item.current_workflow_state
    if state is not None:
        return state.status == state.STATUS_IN_PROGRESS
    revision = item.latest_revision
    author = revision.user if revision is not None else None
    return author is not None and may(author, "publish", item)


@transaction.atomic
def publish_agreed(*, cycle, user) -> list:
    """Publish what Cabinet agreed for ``cycle`` in one step, as ``user``.

    Every item of ``agreed_content`` is published through the ordinary
    publish action (``approve_or_publish``: an item awaiting approval is
    approved, which ends its workflow approved), each from a new revision
    saved by ``user``, so the audit log and the published revision name the
    publisher. All or nothing: a user who does not answer for the cycle, an
    item ``user`` may not publish or one without the content it needs
    refuses the whole step before anything changes. Returns the published
    items.
    """
    from ..models import require_content

    _require_cycle(user, cycle)
    items = agreed_content(cycle=cycle)
    refused = check_batch(objects=items, user=user, action="publish")
    if refused:
        raise PermissionDenied(
            f"{user} may not publish {', '.join(str(item) for item in refused)}"
        )
    for item in items:
        require_content(item.get_latest_revision_as_object())
    for item in items:
        # The publisher's own revision of the agreed content; approving a
        # workflow publishes the latest revision, which is now this one.
        item.get_latest_revision_as_object().save_revision(user=user, log_action=True)
        item.refresh_from_db()
        approve_or_publish(obj=item, user=user)
    return items
