"""Civil-society feedback: receiving it, marking it, purging it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

# Civil-society feedback (who may read and mark it: workflows.feedback).


@transaction.atomic
def receive_feedback(
    *,
    recommendation,
    text: str,
    name: str = "",
    organisation: str = "",
    email: str = "",
    consent_to_share: bool = False,
):
    """Store feedback from the public on a **published** recommendation.

    The public form (``cms.feedback``) validates lengths first; this refuses a
    recommendation that is not live, so nothing is ever stored about a draft.
    """
    from ..models import Feedback

    if not recommendation.live:
        raise ValidationError(_("Feedback is taken on published recommendations only."))
    feedback = Feedback(
        recommendation=recommendation,
        text=text,
        name=name,
        organisation=organisation,
        email=email,
        consent_to_share=consent_to_share,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def mark_feedback(*, feedback, user, status: str):
    """Mark ``feedback`` shared with agencies or not relevant, as ``user``.

    Only administrators and the lead agency managers of the recommendation's
    body may; feedback whose author did not consent cannot be shared. Records
    who changed the status and when. Returns whether anything changed.
    """
    from .. import feedback as feedback_rules
    from ..models import Feedback

    if not feedback_rules.may_mark(user, feedback):
        raise PermissionDenied(f"{user} may not mark feedback {feedback.pk}")
    if status not in (Feedback.Status.SHARED, Feedback.Status.NOT_RELEVANT):
        raise ValidationError({"status": _("Choose shared or not relevant.")})
    if status == Feedback.Status.SHARED and not feedback.consent_to_share:
        raise ValidationError(
            {
                "status": _(
                    "The author did not agree to share this feedback with the "
                    "agencies; it stays with the lead agency."
                )
            }
        )
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.status == status:
        return False
    locked.status = status
    locked.status_changed_by = user
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_by", "status_changed_at"])
    feedback.status = locked.status
    feedback.status_changed_by = user
    feedback.status_changed_at = locked.status_changed_at
    return True


@transaction.atomic
def purge_expired_feedback(*, days: int, now: datetime.datetime | None = None) -> int:
    """Delete feedback received more than ``days`` days ago; return how many.

    Personal data (names, organisations, e-mails) is kept no longer than the
    feedback itself (``FEEDBACK_RETENTION_DAYS``).
    """
    from .. import feedback as feedback_rules

    deleted, _by_model = feedback_rules.expired(now=now, days=days).delete()
    return deleted
