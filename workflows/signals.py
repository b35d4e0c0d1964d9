"""Reactions to Wagtail's own events (connected in ``WorkflowsConfig.ready``)."""

from django.dispatch import receiver
from wagtail.models import TaskState
from wagtail.signals import published, task_submitted, unpublished

from content_models.models import Indicator, ProgressReport

from . import actions, notifications


@receiver(published, sender=Indicator)
@receiver(unpublished, sender=Indicator)
def indicator_schedule_changed(sender, instance, **kwargs):
    actions.sync_due_dates(indicator=instance)


@receiver(published, sender=ProgressReport)
def progress_report_published(sender, instance, revision=None, **kwargs):
    actions.apply_published_report(report=instance, user=_approver_of(revision))


def _approver_of(revision):
    """Who approved ``revision`` in the workflow, if that is how it went live.

    The signal does not say who published; a workflow approval records it on
    the task state (a direct publication is attributed to nobody here, and
    to its publisher in the report's own history).
    """
    if revision is None:
        return None
    task_state = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    return task_state.finished_by if task_state else None


task_submitted.connect(
    notifications.approval_requested,
    sender=TaskState,
    dispatch_uid=notifications.APPROVAL_REQUESTED_UID,
)
