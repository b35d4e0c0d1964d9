"""Moderation in the editors' admin: the approval workflow as people use it.

- the action menu says what each workflow button does ("Approve and
  publish", or "Approve for Cabinet" while the item's cycle is before
  Cabinet, "Send back with comments"), offers one way to resubmit
  ("Resubmit to Lead agency approval", no "Restart workflow") and no bare
  "Publish" beside the approval of an item awaiting it;
- the edit and create views refuse to submit, approve or publish a progress
  report without content (a form error on the report), name what happened in
  their messages ("'X' approved and published.") and show the reviewer's
  comment at the top of an item sent back for changes;
- the dashboard's approve and send-back buttons say what they did, and turn a
  refusal into a message.

The rules themselves are in ``workflows`` (the task, ``require_content``);
this module only presents them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_latest_str
from wagtail.models import TaskState, WorkflowState
from wagtail.snippets.action_menu import (
    PublishMenuItem,
    RestartWorkflowMenuItem,
    WorkflowMenuItem,
)
from wagtail.snippets.views import snippets as snippet_views

from workflows.actions.approval import awaits_cabinet, is_held, refuse_if_held

# Edit-view actions that send content out: each needs a report's content.
PUBLISHING_ACTIONS = frozenset({"publish", "submit"})


def sent_back(obj) -> TaskState | None:
    """The review that sent ``obj`` back for changes, while it waits for them
    (its ``comment``, ``finished_by`` and ``finished_at``); ``None`` otherwise."""
    if obj is None or obj.pk is None:
        return None
    state = obj.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def reviewer_name(user) -> str:
    if user is None:
        return _("The lead agency")
    return user.get_full_name() or user.get_username()


def sent_back_message(task_state):
    """One line for the author: who sent it back, and what they asked."""
    if task_state.comment:
        return format_html(
            "{}: “{}”",
            _("%(who)s sent this back for changes")
            % {"who": reviewer_name(task_state.finished_by)},
            task_state.comment,
        )
    return _(
        "%(who)s sent this back for changes, without a comment. Make your "
        "changes, then resubmit it."
    ) % {"who": reviewer_name(task_state.finished_by)}


def outcome_message(obj, action: str, workflow_action: str | None = None):
    """The success message of an edit-view or dashboard action, or ``None``
    to keep Wagtail's own."""
    values = {
        "model_name": capfirst(obj._meta.verbose_name),
        "object": get_latest_str(obj),
    }
    if action == "workflow-action" and workflow_action == "approve":
        if is_held(obj):
            return (
                _(
                    "%(model_name)s '%(object)s' approved for Cabinet: it is "
                    "published when what was agreed is published."
                )
                % values
            )
        return _("%(model_name)s '%(object)s' approved and published.") % values
    if action == "workflow-action" and workflow_action == "reject":
        return _("%(model_name)s '%(object)s' sent back with comments.") % values
    if action == "submit":
        return (
            _("%(model_name)s '%(object)s' submitted for approval by the lead agency.")
            % values
        )
    return None


class ModerationFormViewMixin:
    """For the snippet create and edit views of moderated content."""

    def get_available_actions(self):
        actions = [
            action
            for action in super().get_available_actions()
            # One way to resubmit: "Resubmit" resumes the workflow with its
            # history; restarting it would do the same less clearly.
            if action != "restart-workflow"
        ]
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk and getattr(obj, "workflow_in_progress", False):
            # Awaiting approval: "Approve and publish" is the way to publish,
            # so the submitter's request ends approved, not cancelled.
            actions = [action for action in actions if action != "publish"]
        elif obj is not None and obj.pk and is_held(obj):
            # Before Cabinet's decision the lead agency approves; it does not
            # publish (``workflows.actions.approval``).
            actions = [action for action in actions if action != "publish"]
        return actions

    def post(self, request, *args, **kwargs):
        obj = getattr(self, "object", None)
        if request.POST.get("action-publish") and obj is not None and obj.pk:
            try:
                refuse_if_held(obj)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)

    def requires_content(self) -> bool:
        if self.action in PUBLISHING_ACTIONS:
            return True
        return (
            self.action == "workflow-action"
            and getattr(self, "workflow_action", None) == "approve"
        )

    def is_valid(self, form):
        form.requires_content = self.requires_content()
        return super().is_valid(form)

    def get_success_message(self, *args, **kwargs):
        instance = args[0] if args else kwargs.get("instance")
        message = outcome_message(
            instance or self.object, self.action, getattr(self, "workflow_action", None)
        )
        return message or super().get_success_message(*args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" and not self.expects_json_response:
            obj = getattr(self, "object", None)
            review = sent_back(obj)
            if review is not None:
                messages.warning(
                    self.request, sent_back_message(review), extra_tags="review"
                )
            elif obj is not None and obj.pk and awaits_cabinet(obj):
                messages.info(
                    self.request,
                    _(
                        "Approved, awaiting Cabinet: the lead agency approved "
                        "this; it is published with what Cabinet agreed."
                    ),
                    extra_tags="review",
                )
        return context


class WorkflowActionView(snippet_views.WorkflowActionView):
    """The dashboard's approve / send back buttons: say what happened, and
    turn a refusal for missing content into a message, not an error page."""

    def post(self, request, *args, **kwargs):
        try:
            response = super().post(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.redirect_url)
        message = outcome_message(self.object, "workflow-action", self.action_name)
        if message and self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            messages.success(request, message)
        return response


def adjust_action_menu(menu_items, request, context):
    """``construct_snippet_action_menu``: labels that say what happens, one
    way to resubmit, no "Publish" that would bypass an approval in progress."""
    instance = context.get("instance")
    saved = instance is not None and bool(instance.pk)
    in_review = saved and bool(getattr(instance, "workflow_in_progress", False))
    # Before Cabinet's decision, nothing of the cycle is published by hand.
    no_publish = in_review or (saved and is_held(instance))
    labels = {}
    if in_review:
        task = instance.current_workflow_task
        if task is not None:
            # Wagtail appends " and Publish" to the final task's approval.
            labels = {
                (name, modal): label
                for name, label, modal in task.specific.get_actions(
                    instance, request.user
                )
            }
    kept = []
    for item in menu_items:
        if isinstance(item, RestartWorkflowMenuItem):
            continue
        if isinstance(item, PublishMenuItem) and no_publish:
            continue
        if isinstance(item, WorkflowMenuItem):
            item.label = labels.get((item.name, item.launch_modal), item.label)
        kept.append(item)
    menu_items[:] = kept
