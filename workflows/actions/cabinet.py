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
from .approval import approved_revision, is_held
from .moderation import (
    approve_or_publish,
    check_batch,
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
    has approved for Cabinet (``approval.approved_revision``):

    - the lead agency approved it in its workflow ("Approved, awaiting
      Cabinet"), or
    - its latest draft was saved by someone who may publish it (a lead
      agency manager of the body or an administrator: the lead agency's own
      draft, such as imported recommendations or a proposal it amended) and
      no one has sent it back for changes.

    A contributor's draft never submitted or still awaiting approval, and
    anything sent back for changes, is not agreed and stays a draft.
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
    return approved_revision(item) is not None


def _require_decision(cycle):
    from content_models.models import CabinetDecision

    if not CabinetDecision.objects.filter(cycle=cycle).exists():
        raise ValidationError(
            _(
                "Cabinet's decision on %(cycle)s is not recorded yet: record it "
                "before publishing what was agreed."
            )
            % {"cycle": cycle.code}
        )


@transaction.atomic
def publish_agreed(*, cycle, user) -> list:
    """Publish what Cabinet agreed for ``cycle`` in one step, as ``user``.

    Only once Cabinet's decision on ``cycle`` is recorded. Every item of
    ``agreed_content`` is published with exactly its approved revision
    (``approval.approved_revision``, not a draft saved since), through the
    ordinary publish action (``approve_or_publish``), from a new revision of
    that content saved by ``user``, so the audit log and the published
    revision name the publisher; an item shared with another cycle still
    before Cabinet waits for that cycle's decision. A draft saved after the
    approval stays the item's pending draft. All or nothing: no decision
    recorded, a user who does not answer for the cycle, an item ``user`` may
    not publish or one without the content it needs refuses the whole step
    before anything changes. Returns the published items.
    """
    from ..models import require_content

    _require_cycle(user, cycle)
    _require_decision(cycle)
    # An item shared with a cycle still before Cabinet waits for that one.
    items = [item for item in agreed_content(cycle=cycle) if not is_held(item)]
    refused = check_batch(objects=items, user=user, action="publish")
    if refused:
        raise PermissionDenied(
            f"{user} may not publish {', '.join(str(item) for item in refused)}"
        )
    approved = [(item, approved_revision(item)) for item in items]
    for _item, revision in approved:
        require_content(revision.as_object())
    for item, revision in approved:
        later = item.latest_revision if item.latest_revision_id != revision.pk else None
        # The publisher's own revision of the approved content, then the
        # ordinary publish action, which publishes the latest revision.
        revision.as_object().save_revision(user=user, log_action=True)
        item.refresh_from_db()
        approve_or_publish(obj=item, user=user)
        if later is not None:
            # What was saved after the approval stays a draft of the item.
            later.as_object().save_revision(user=later.user)
            item.refresh_from_db()
    return items
