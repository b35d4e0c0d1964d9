"""Moderation: submitting, approving, publishing and batch changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

# --- Moderation: submitting, approving, publishing and batch changes --------
#
# The admin's edit view goes through Wagtail's own views (which call the same
# task and the same ``publish``); the batch actions, commands and tests call
# these. Each refuses what the user may not do with ``PermissionDenied`` and
# content a report cannot go out without with ``ValidationError``, before
# changing anything.


def _policy(obj):
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(type(obj))


def may(user, action: str, obj) -> bool:
    """Whether ``user`` may ``action`` (``change``, ``publish``…) ``obj``,
    by their role and their agencies (``workflows.policies``)."""
    return _policy(obj).user_has_permission_for_instance(user, action, obj)


def _require(user, action, obj):
    if not may(user, action, obj):
        raise PermissionDenied(
            f"{user} may not {action} {obj._meta.verbose_name} {obj.pk}"
        )


@transaction.atomic
def submit_for_approval(*, obj, user):
    """Send ``obj``'s latest revision to the lead agency's approval.

    Resumes a workflow sent back for changes (the reviewer's comment stays in
    its history) or starts one. Returns the workflow state.
    """
    from ..models import require_content

    _require(user, "change", obj)
    require_content(obj.get_latest_revision_as_object())
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:
        raise ValidationError(
            f"{obj._meta.verbose_name} {obj.pk} is already awaiting approval"
        )
    return obj.get_workflow().start(obj, user)


def _current_task(obj, user):
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise ValidationError(
            f"{obj._meta.verbose_name} {obj.pk} is not awaiting approval"
        )
    task = task_state.task.specific
    if not task.user_can_approve(obj, user):
        raise PermissionDenied(f"{user} may not review {obj._meta.verbose_name}")
    return task_state, task


@transaction.atomic
def approve(*, obj, user, comment: str = ""):
    """Approve ``obj`` in its workflow as ``user``, which publishes it (or
    holds it for Cabinet: ``approval``)."""
    task_state, task = _current_task(obj, user)
    task.on_action(task_state, user, "approve", comment=comment)


@transaction.atomic
def request_changes(*, obj, user, comment: str):
    """Send ``obj`` back to its author with ``comment``."""
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    task_state, task = _current_task(obj, user)
    task.on_action(task_state, user, "reject", comment=comment)


@transaction.atomic
def approve_or_publish(*, obj, user) -> str:
    """Publish ``obj``'s latest content as ``user``, the way a person would.

    An item awaiting approval is approved (so its workflow ends approved, not
    cancelled) — published, or, while its cycle is before Cabinet, held
    approved (``approval``); an item with a draft is published; an item
    already published without changes is left alone. A held item's draft is
    refused (``ValidationError``), nothing changed. Returns ``"approved"``,
    ``"held"``, ``"published"`` or ``"unchanged"``.
    """
    from ..models import require_content
    from .approval import is_held, refuse_if_held

    _require(user, "publish", obj)
    require_content(obj.get_latest_revision_as_object())
    if obj.workflow_in_progress:
        held = is_held(obj)
        approve(obj=obj, user=user)
        return "held" if held else "approved"
    if obj.live and not obj.has_unpublished_changes:
        return "unchanged"
    refuse_if_held(obj)
    revision = obj.latest_revision or obj.save_revision(user=user)
    revision.publish(user=user)
    return "published"


def check_batch(*, objects, user, action: str = "publish") -> list:
    """The items of ``objects`` that ``user`` may not ``action``; a batch
    with any of them must be refused whole."""
    return [obj for obj in objects if not may(user, action, obj)]


@transaction.atomic
def change_relations(*, obj, user, field: str, add=(), remove=()) -> bool:
    """Add and remove values of ``obj``'s many-to-many ``field`` as ``user``.

    Done as by hand: a new revision by ``user`` (in the audit log), published
    at once when ``obj`` is published (batch changes are the lead agency's, who
    may publish them). A pending draft keeps its own edits and gets the same
    change in a further revision; moderation in progress is put back in front
    of its approvers. Returns whether anything changed.
    """
    _require(user, "publish", obj)

    def apply(target) -> bool:
        manager = getattr(target, field)
        current = {value.pk for value in manager.all()}
        wanted = (current | {value.pk for value in add}) - {
            value.pk for value in remove
        }
        if wanted == current:
            return False
        related = manager.model
        manager.set(list(related._default_manager.filter(pk__in=wanted)))
        return True

    return _change(obj=obj, user=user, apply=apply)


def _save_draft(draft, *, user):
    """Save ``draft`` as a new revision by ``user``; a never-published item's
    row is its draft (as Wagtail's edit view keeps it), so it is saved too and
    its scope (``workflows.scoping`` reads rows) follows the draft."""
    if not draft.live:
        draft.save()
    return draft.save_revision(user=user, log_action=True)


def _change(*, obj, user, apply) -> bool:
    """Apply ``apply(target) -> changed`` to the published object and to its
    pending draft, each as a new revision by ``user``."""
    draft = obj.get_latest_revision_as_object()
    if not obj.live:
        if not apply(draft):
            return False
        _save_draft(draft, user=user)
        return True
    pending = obj.has_unpublished_changes
    moderation = obj.current_workflow_state
    live = type(obj).objects.get(pk=obj.pk)
    changed_live = apply(live)
    changed_draft = apply(draft) if pending else False
    if not (changed_live or changed_draft):
        return False
    if changed_live:
        # Publishing cancels a workflow in progress: restarted below.
        live.save_revision(user=user, log_action=True).publish(user=user)
    if pending:
        draft.save_revision(user=user, log_action=True)
    if (
        changed_live
        and moderation is not None
        and moderation.status == moderation.STATUS_IN_PROGRESS
    ):
        live.refresh_from_db()
        moderation.workflow.start(live, moderation.requested_by)
    return True


@transaction.atomic
def link_recommendations(*, action, recommendations, user) -> bool:
    """Make ``action`` respond to ``recommendations`` too, as ``user``.

    ``user`` must be able to publish the action and change every
    recommendation. Returns whether anything changed.
    """
    refused = check_batch(objects=recommendations, user=user, action="change")
    if refused:
        raise PermissionDenied(f"{user} may not link {refused}")
    return change_relations(
        obj=action, user=user, field="recommendations", add=recommendations
    )
