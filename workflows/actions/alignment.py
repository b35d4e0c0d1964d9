"""Alignment: proposals from the suggestions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .moderation import (
    _require,
    submit_for_approval,
)

# --- Alignment: proposals from the suggestions -----------------------------
#
# A suggestion (``content_models.alignment``) is only a suggestion: accepting
# one writes a draft revision of the item it changes, by the person who
# accepted it, and sends it to the lead agency's approval like any other edit.


def _propose(*, obj, user, apply) -> bool:
    """Apply ``apply(draft) -> changed`` to ``obj``'s latest draft, save it as
    a revision by ``user`` and send it for approval (unless it already
    awaits approval, where the new revision is what the approvers see)."""
    _require(user, "change", obj)
    draft = obj.get_latest_revision_as_object()
    if not apply(draft):
        return False
    draft.save_revision(user=user, log_action=True)
    obj.refresh_from_db()
    state = obj.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        submit_for_approval(obj=obj, user=user)
    return True


@transaction.atomic
def propose_related_recommendation(*, recommendation, related, user) -> bool:
    """Record, as ``user``, that ``related`` asks for what ``recommendation``
    asks: a draft revision of ``recommendation`` adding it to its related
    recommendations, sent for approval. Once both are published the relation
    shows on both.

    Refuses a recommendation of the same cycle (that is one response, not a
    relation) and returns False when the two are already related either way.
    """
    if related.cycle_id == recommendation.cycle_id:
        raise ValidationError(
            _("A related recommendation must be of another body or cycle.")
        )
    if recommendation.related_from.filter(pk=related.pk).exists():
        return False  # recorded on the other one

    def apply(draft) -> bool:
        if related.pk in {r.pk for r in draft.related_recommendations.all()}:
            return False
        draft.related_recommendations.add(related)
        return True

    return _propose(obj=recommendation, user=user, apply=apply)
