"""The dashboard's review panels: one queue per role, all four content types.

- "Awaiting your approval" (lead agency managers and administrators): the
  recommendations, actions, indicators and progress reports in the lead
  agency approval task that the user may approve — a manager those of the
  bodies their agency leads (``LeadAgencyApprovalTask``), an administrator
  all — with buttons to approve and publish or send back with comments.
- "Sent for approval" (contributors): their agency's items awaiting approval
  or sent back, with the reviewer's comment.

They replace Wagtail's "Awaiting your review" and "Your pages and snippets in
a workflow" (``dashboard.REPLACED_PANELS``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState, WorkflowState
from wagtail.permissions import policy_registry

from workflows import roles, scoping

from .moderation import reviewer_name, sent_back

MAX_ROWS = 25


def _edit_or_inspect_url(user, obj):
    viewset = type(obj).snippet_viewset
    if policy_registry.get(obj).user_has_permission_for_instance(user, "change", obj):
        return reverse(viewset.get_url_name("edit"), args=[obj.pk])
    return reverse(viewset.get_url_name("inspect"), args=[obj.pk])


def _describe(obj) -> dict:
    """What the queue shows of an item: its kind, reference and title."""
    return {
        "kind": obj._meta.verbose_name,
        "label": str(obj.get_latest_revision_as_object()),
    }


class ReviewQueuePanel(Component):
    """Lead agency managers and administrators: what waits for their approval."""

    name = "monitor_review_queue"
    template_name = "monitor_admin/dashboard/review_queue.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        user = self.request.user
        return roles.is_lead_agency_manager(user) or roles.is_administrator(user)

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        user = self.request.user
        states = (
            TaskState.objects.reviewable_by(user)
            .select_related("workflow_state__requested_by", "revision", "task")
            .order_by("started_at", "pk")
        )
        count = states.count()
        rows = []
        # Only the rows shown are built: each asks the task and the revision.
        for state in states[:MAX_ROWS]:
            obj = state.workflow_state.content_object
            if obj is None:
                continue
            viewset = type(obj).snippet_viewset
            actions = [
                {
                    "url": reverse(
                        viewset.get_url_name("workflow_action"),
                        args=[obj.pk, name, state.pk],
                    ),
                    "label": label,
                    "modal": modal,
                }
                for name, label, modal in state.task.specific.get_actions(obj, user)
            ]
            rows.append(
                {
                    **_describe(obj),
                    "url": _edit_or_inspect_url(user, obj),
                    "submitted_by": state.workflow_state.requested_by,
                    "submitted_at": state.started_at,
                    "actions": actions,
                    "compare_url": reverse(
                        viewset.get_url_name("revisions_compare"),
                        args=[obj.pk, "live", state.revision_id],
                    )
                    if obj.live and state.revision_id
                    else None,
                }
            )
        return {"rows": rows, "more": max(count - MAX_ROWS, 0), "count": count}


def in_review_for(user):
    """Active workflow states (awaiting approval or sent back) of the items
    ``user`` may change, or that they submitted."""
    condition = Q(requested_by=user)
    for model in scoping.SCOPED_MODELS:
        ids = (
            policy_registry.get_by_type(model)
            .instances_user_has_any_permission_for(user, ["change"])
            .annotate(text_pk=Cast("pk", CharField()))
            .values("text_pk")
        )
        # Workflow states keep object ids as text.
        condition |= Q(
            base_content_type=ContentType.objects.get_for_model(model),
            object_id__in=ids,
        )
    return (
        WorkflowState.objects.active()
        .filter(condition)
        .select_related("current_task_state__task", "requested_by")
        .order_by("-current_task_state__started_at", "-pk")
    )


class SentForApprovalPanel(Component):
    """Contributors: their agency's items awaiting approval or sent back,
    with what the reviewer asked."""

    name = "monitor_sent_for_approval"
    template_name = "monitor_admin/dashboard/sent_for_approval.html"
    order = 55

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return roles.is_agency_contributor(self.request.user)

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        user = self.request.user
        rows = []
        for state in in_review_for(user)[: MAX_ROWS + 1]:
            obj = state.content_object
            if obj is None:
                continue
            review = sent_back(obj)
            rows.append(
                {
                    **_describe(obj),
                    "url": _edit_or_inspect_url(user, obj),
                    "sent_back": review is not None,
                    "comment": review.comment if review else "",
                    "reviewer": reviewer_name(review.finished_by) if review else "",
                    "reviewed_at": review.finished_at if review else None,
                    "submitted_at": state.created_at,
                }
            )
        return {"rows": rows[:MAX_ROWS], "more": len(rows) > MAX_ROWS}
