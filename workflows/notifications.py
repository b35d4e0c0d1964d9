"""E-mails of the approval workflow: only the item's approvers hear of it.

Wagtail's group-approval notifier would mail every member of a group, i.e.
every agency's managers; this one mails the lead agency managers of the body
the item belongs to (``scoping.approvers_of``).
"""

from contextlib import contextmanager

from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from . import scoping

# The receiver of ``approval_requested`` (connected in ``signals``).
APPROVAL_REQUESTED_UID = "monitor_lead_agency_approval_requested"


class ApprovalRequestedNotifier(EmailNotificationMixin, Notifier):
    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        from .models import LeadAgencyApprovalTask

        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, LeadAgencyApprovalTask
        )

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        return context

    def get_recipient_users(self, task_state, **kwargs):
        recipients = scoping.approvers_of(task_state.workflow_state.content_object)
        if triggering_user := kwargs.get("user"):
            recipients = recipients.exclude(pk=triggering_user.pk)
        return set(recipients)


approval_requested = ApprovalRequestedNotifier()


def _email_receivers():
    """``(signal, sender, dispatch_uid, receiver)`` of every workflow e-mail:
    Wagtail's four (``wagtail.admin.signal_handlers``) and the Monitor's."""
    from wagtail.admin import signal_handlers as wagtail_mail

    return [
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail_mail.task_submission_email_notifier,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail_mail.workflow_submission_email_notifier,
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
            wagtail_mail.workflow_rejection_email_notifier,
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
            wagtail_mail.workflow_approval_email_notifier,
        ),
        (task_submitted, TaskState, APPROVAL_REQUESTED_UID, approval_requested),
    ]


@contextmanager
def notifications_suppressed():
    """No workflow e-mail is sent inside this block: for writing many items
    through workflows at once (``seed_demo``), not for requests.

    The e-mail receivers are disconnected from Wagtail's workflow signals (by
    their ``dispatch_uid``) and connected again on the way out, whatever
    happens inside; the workflows themselves run as usual. It acts on the
    whole process while it lasts, so use it in commands, never in a view.
    """
    disconnected = [
        entry
        for entry in _email_receivers()
        if entry[0].disconnect(sender=entry[1], dispatch_uid=entry[2])
    ]
    try:
        yield
    finally:
        for signal, sender, dispatch_uid, receiver in disconnected:
            signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid)
