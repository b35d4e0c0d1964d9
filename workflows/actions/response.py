"""The response: asking the agencies, and their proposals."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles, scoping
from .moderation import (
    _require,
    _save_draft,
    may,
    submit_for_approval,
)

# --- The response: asking the agencies, and their proposals -----------------
#
# The lead agency asks the subject-matter agencies to respond to a cycle's
# recommendations (``ask_agencies``); each agency proposes a new action, an
# existing action or no action with a reason. A proposal is a draft sent to
# the lead agency's approval like any other content. Where each
# recommendation stands is derived in ``workflows.response``.


def _require_respondent(user, recommendation):
    """Only someone who may change the recommendation answers it: a
    contributor of a responsible agency, a manager of its body, an
    administrator."""
    if not may(user, "change", recommendation):
        raise PermissionDenied(
            _("Only the agencies responsible for %(recommendation)s may respond.")
            % {"recommendation": recommendation.natural_key_label}
        )


def _require_editable(user, obj):
    """Refuse to add a revision to an item locked, or in review, for ``user``."""
    if obj.locked and obj.locked_by_id != user.pk:
        raise ValidationError(
            _("%(item)s is locked by someone else.") % {"item": obj._meta.verbose_name}
        )
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        task_state = obj.current_workflow_task_state
        if task_state is not None and task_state.task.specific.locked_for_user(
            obj, user
        ):
            raise ValidationError(
                _(
                    "%(item)s is awaiting the lead agency's approval; it can "
                    "change again once it has been reviewed."
                )
                % {"item": str(obj)}
            )


def _send_for_approval(*, obj, user):
    """Submit ``obj``, unless its review is already in progress (the new
    revision is then the one the reviewer sees)."""
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return state
    return submit_for_approval(obj=obj, user=user)


def _responding_agency(user, recommendation):
    """The agency on whose behalf ``user`` answers: one of theirs that is
    responsible for ``recommendation`` (a manager or administrator without
    one answers for the first responsible agency)."""
    # The row: what ``workflows.scoping`` (and so ``may``) reads.
    responsible = sorted(
        recommendation.responsible_agencies.all(), key=lambda a: a.code.lower()
    )
    own = [agency for agency in responsible if agency.pk in roles.agency_ids(user)]
    if own:
        return own[0]
    if responsible and (
        roles.is_administrator(user) or may(user, "publish", recommendation)
    ):
        return responsible[0]
    raise PermissionDenied(
        _("Your agency is not responsible for %(recommendation)s.")
        % {"recommendation": recommendation.natural_key_label}
    )


def _unique_action_reference(recommendation, agency) -> str:
    """``CYCLE-REFERENCE-AGENCY`` in capitals, punctuation as hyphens
    (``UPR-2029-1-2-MSD``), numbered when taken."""
    from content_models.models import Action

    words = f"{recommendation.cycle.code}-{recommendation.reference}-{agency.code}"
    base = re.sub(r"[^A-Za-z0-9]+", "-", words).strip("-").upper()[:56]
    reference, number = base, 1
    while Action.objects.filter(reference=reference).exists():
        number += 1
        reference = f"{base}-{number}"
    return reference


@transaction.atomic
def propose_new_action(
    *,
    recommendation,
    user,
    title: str,
    description: str = "",
    pre_existing: bool = False,
):
    """A new draft action answering ``recommendation``, sent for approval.

    Led by, and the responsibility of, the agency ``user`` answers for;
    its reference is generated from the recommendation and the agency.
    Raises ``PermissionDenied`` for someone who may not answer it (nothing
    created), ``ValidationError`` without a title. Returns the action.
    """
    from content_models.models import Action

    _require_respondent(user, recommendation)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the proposed action a title.")})
    agency = _responding_agency(user, recommendation)
    action = Action(
        reference=_unique_action_reference(recommendation, agency),
        title=title[:255],
        description=description.strip(),
        lead_agency=agency,
        pre_existing=pre_existing,
        live=False,
    )
    action.full_clean()
    action.save()
    action.recommendations.set([recommendation])
    action.responsible_agencies.set([agency])
    action.save()  # parental relations are written on save
    action.save_revision(user=user, log_action="wagtail.create")
    submit_for_approval(obj=action, user=user)
    return action


@transaction.atomic
def propose_existing_action(
    *, recommendation, action, user, as_respondent: bool = True
) -> bool:
    """Propose that ``action`` answers ``recommendation`` too: a draft
    revision of the action linking it, sent for approval.

    ``user`` must be able to change both (a contributor: an action of their
    agency, a recommendation their agency is responsible for). From the
    alignment suggestions (``as_respondent=False``) an agency may propose
    that its action answers a recommendation of another body or cycle it
    does not respond to: only the action is checked. Returns whether
    anything was proposed (``False`` when the link exists already,
    published or proposed).
    """
    if as_respondent:
        _require_respondent(user, recommendation)
    _require(user, "change", action)
    _require_editable(user, action)
    draft = action.get_latest_revision_as_object()
    current = {value.pk for value in draft.recommendations.all()}
    if recommendation.pk in current:
        return False
    draft.recommendations.set([*draft.recommendations.all(), recommendation])
    _save_draft(draft, user=user)
    action.refresh_from_db()
    _send_for_approval(obj=action, user=user)
    return True


@transaction.atomic
def propose_no_action(*, recommendation, user, reason: str):
    """Explain why no action is proposed: a draft revision of
    ``recommendation`` changing only its ``no_action_reason``, sent for
    approval. The reason is required. Returns the revision."""
    _require_respondent(user, recommendation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Explain why no action is proposed.")})
    _require_editable(user, recommendation)
    draft = recommendation.get_latest_revision_as_object()
    draft.no_action_reason = reason
    revision = _save_draft(draft, user=user)
    recommendation.refresh_from_db()
    _send_for_approval(obj=recommendation, user=user)
    return revision


def ask_agencies(*, cycle, user, now: datetime.datetime | None = None, connection=None):
    """Ask each subject-matter agency of ``cycle`` to respond: one e-mail per
    agency listing the recommendations it is responsible for, with links.

    Who is responsible is read from the recommendations' rows (a draft's
    row is its draft).
    The e-mail goes to the agency's mailbox, or, without one, to each of its
    contributors. It goes through the reminder log
    (``workflows.reminders.delivery``): every (recommendation, recipient) is
    recorded once, so asking again sends nothing already sent — only
    recommendations added since — and a message that failed is tried again.
    Each request is recorded (``ResponseRequest``). Not one transaction on
    purpose, like ``send_due_reminders``: the log must be committed before
    an e-mail leaves, each message is sent in its own transaction. Raises
    ``PermissionDenied`` for anyone but the cycle's lead agency managers and
    administrators. Returns an ``AskResult``. ``connection`` is the e-mail
    connection to send through (the settings' by default; ``seed_demo``
    records its requests through one that delivers nothing).
    """
    from ..reminders.ask import ask

    if not scoping.manages_cycle(user, cycle):
        raise PermissionDenied(
            _("Only the lead agency of %(cycle)s may ask the agencies.")
            % {"cycle": cycle.code}
        )
    return ask(cycle=cycle, user=user, now=now or timezone.now(), connection=connection)
