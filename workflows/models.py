"""The lead-agency approval task of the Monitor's workflow."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from . import roles, scoping


class LeadAgencyApprovalTask(Task):
    """Approval by the lead agency managers of the item's human-rights body.

    Unlike Wagtail's group approval, the approvers depend on the item: a
    manager of the Ministry of Justice approves UPR content, not CRPD content.
    Administrators may approve everything.
    """

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("lead agency approval task")
        verbose_name_plural = _("lead agency approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Lead agency managers of the body the item belongs to approve and "
            "publish it."
        )

    def user_can_approve(self, obj, user) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        model = type(obj)
        codename = f"{model._meta.app_label}.publish_{model._meta.model_name}"
        if not user.has_perm(codename):
            return False
        if roles.is_administrator(user):
            return True
        return roles.is_lead_agency_manager(user) and bool(
            scoping.lead_agency_ids_of(obj) & roles.agency_ids(user)
        )

    def user_can_access_editor(self, obj, user):
        return self.user_can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_can_approve(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve and publish"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        from django.core.exceptions import PermissionDenied

        obj = task_state.workflow_state.content_object
        if not self.user_can_approve(obj, user):
            raise PermissionDenied(
                _("Only the lead agency managers of this body may review it.")
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if roles.is_administrator(user):
            return states
        if not roles.is_lead_agency_manager(user):
            return TaskState.objects.none()
        agencies = roles.agency_ids(user)
        condition = Q(pk__in=[])
        for model in scoping.SCOPED_MODELS:
            content_type = ContentType.objects.get_for_model(model)
            # Workflow states keep object ids as text.
            ids = (
                model._default_manager.filter(scoping.managed_filter(model, agencies))
                .annotate(text_pk=Cast("pk", CharField()))
                .values("text_pk")
            )
            condition |= Q(
                workflow_state__base_content_type=content_type,
                workflow_state__object_id__in=ids,
            )
        return states.filter(condition)
