"""E-mails of the approval workflow: only the item's approvers hear of it.

Wagtail's group-approval notifier would mail every member of a group, i.e.
every agency's managers; this one mails the lead agency managers of the body
the item belongs to (``scoping.approvers_of``).
"""

from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import TaskState

from . import scoping


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
