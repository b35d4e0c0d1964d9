"""The gate between the lead agency's approval and Cabinet's decision.

While a cycle's response is before Ministers and Cabinet, what the lead
agency approves for it is not published: it waits for Cabinet's decision and
is published by *Publish what was agreed* (``publish_agreed``).

- A cycle is **under consideration** when no Cabinet decision is recorded for
  it and at least one of its recommendations has never been published (not
  live, no ``first_published_at``).
- An item is **held** while a cycle it belongs to is under consideration:
  the cycle's recommendations; actions never published that answer one of
  them; never-published indicators of such actions. Progress reports are
  never held, nor is anything already published once.
- Approving a held item ends its workflow *approved* without publishing it
  (``finish_approval``, Wagtail's ``WAGTAIL_FINISH_WORKFLOW_ACTION`` through
  ``workflows.approval``): the approved revision stays its latest revision and
  the item reads "Approved, awaiting Cabinet" (``approved_revision``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from .moderation import may


def under_consideration(cycle) -> bool:
    """Whether ``cycle``'s response waits for Cabinet (see the module's doc)."""
    from content_models.models import CabinetDecision, Recommendation

    if CabinetDecision.objects.filter(cycle=cycle).exists():
        return False
    return Recommendation.objects.filter(
        cycle=cycle, live=False, first_published_at__isnull=True
    ).exists()


def never_published(obj) -> bool:
    """Not live and never was (a row made live by an import counts as
    published, though Wagtail never set its ``first_published_at``)."""
    return not obj.live and getattr(obj, "first_published_at", None) is None


def cycles_of(obj) -> list:
    """The reporting cycles whose consideration may hold ``obj``: none for a
    progress report or an item published once."""
    from content_models.models import Action, Indicator, Recommendation

    if not isinstance(obj, (Recommendation, Action, Indicator)):
        # Progress reports, and what is not moderated (a reporting cycle's
        # edit view has the same action menu hook): never held.
        return []
    if obj.pk is None or not never_published(obj):
        return []
    if isinstance(obj, Recommendation):
        return [obj.cycle]
    if isinstance(obj, Indicator):
        action = obj.action
        return cycles_of(action) if action is not None else []
    from content_models.models import ReportingCycle

    # An action: a never-published action's row is its draft.
    return list(ReportingCycle.objects.filter(recommendations__actions=obj).distinct())


def is_held(obj) -> bool:
    """Whether approving ``obj`` waits for Cabinet instead of publishing it."""
    return any(under_consideration(cycle) for cycle in cycles_of(obj))


def refuse_if_held(obj) -> None:
    """Raise ``ValidationError`` for an item that may not be published before
    Cabinet's decision on its cycle."""
    if is_held(obj):
        raise ValidationError(
            _(
                "%(item)s cannot be published before Cabinet has decided on its "
                "reporting cycle: approve it for Cabinet, then publish what was "
                "agreed once the decision is recorded."
            )
            % {"item": str(obj)}
        )


def finish_approval(*, workflow_state, user=None) -> str:
    """What happens when the lead agency approves ``workflow_state``'s item:
    published as usual (Wagtail's ``publish_workflow_state``), or, for a held
    item, kept as a draft with its approved revision. Returns ``"published"``
    or ``"held"``."""
    from wagtail.workflows import publish_workflow_state

    if is_held(workflow_state.content_object):
        return "held"
    publish_workflow_state(workflow_state, user=user)
    return "published"


def approved_revision(obj):
    """The revision of ``obj`` the lead agency approved and that is not
    published yet, or ``None``.

    Either the revision a finished (approved) workflow approved, when no
    workflow is in progress or sent back since, or the latest revision when
    it is the lead agency's own (saved by someone who may publish the item).
    """
    if obj.live and not obj.has_unpublished_changes:
        return None
    if obj.current_workflow_state is not None:
        return None
    latest = obj.latest_revision
    if latest is None:
        return None
    if latest.user is not None and may(latest.user, "publish", obj):
        return latest
    return _approved_in_workflow(obj)


def _approved_in_workflow(obj):
    """The revision a finished workflow approved and nothing published since."""
    if obj.live and not obj.has_unpublished_changes:
        return None
    if obj.current_workflow_state is not None:
        return None
    last = (
        WorkflowState.objects.for_instance(obj)
        .select_related("current_task_state__revision")
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is None or last.status != WorkflowState.STATUS_APPROVED:
        return None
    task_state = last.current_task_state
    revision = task_state.revision if task_state is not None else None
    if revision is None:
        return None
    if obj.live_revision_id is not None and revision.pk <= obj.live_revision_id:
        return None
    return revision


def awaits_cabinet(obj) -> bool:
    """Approved in its workflow by the lead agency, not published: "Approved,
    awaiting Cabinet". (The lead agency's own drafts are agreed too, but read
    as drafts.)"""
    return _approved_in_workflow(obj) is not None
