"""Batch actions on the content listings, through Wagtail's bulk-action framework.

For lead agency managers and administrators, scoped like every other action:
each selected item must be one the user may publish (a manager: the content
of the bodies their agency leads), or the whole batch is refused and nothing
changes. Each item changes as if by hand — a revision by the user, in the
audit log, published where the item was published — through the functions of
``workflows.actions``:

- approve and publish the selected items (all four content types);
- add or remove a responsible agency, a human-rights issue or an affected
  group (recommendations and actions);
- link the selected recommendations to an action.

Registered in ``cms.admin.wagtail_hooks`` (``register_bulk_action``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.functional import classproperty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.widgets import AdminSnippetChooser

from content_models.models import (
    Action,
    AffectedGroup,
    Agency,
    HumanRightsIssue,
    Recommendation,
)
from workflows import actions, roles, scoping
from workflows.actions.approval import is_held
from workflows.models import require_content

ADD, REMOVE = "add", "remove"


def may_batch(user) -> bool:
    """Batch actions are the lead agency's and the administrators'."""
    return roles.is_lead_agency_manager(user) or roles.is_administrator(user)


def _names(objects, limit=5) -> str:
    names = [str(obj) for obj in objects[:limit]]
    if len(objects) > limit:
        names.append(_("and %(count)d more") % {"count": len(objects) - limit})
    return "; ".join(names)


class MonitorBulkAction(SnippetBulkAction):
    """A batch action on the Monitor's content: all or nothing, in scope."""

    template_name = "monitor_admin/bulk_actions/confirm.html"
    #: The heading of the confirmation page (the button says ``display_name``).
    title = ""
    #: The content models the action applies to.
    content_models: tuple = scoping.SCOPED_MODELS
    #: What the confirmation page asks, e.g. "Approve and publish these items?"
    question = ""
    #: The label of the confirmation button.
    confirm_label = gettext_lazy("Yes, go ahead")

    @classproperty
    def models(cls):
        return list(cls.content_models)

    def check_perm(self, obj):
        user = self.request.user
        return may_batch(user) and actions.may(user, "publish", obj)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class is not forms.Form:
            kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            question=self.question,
            confirm_label=self.confirm_label,
        )
        return context

    def refuse(self, message):
        messages.error(self.request, message)
        return redirect(self.next_url)

    def prepare_action(self, objects, objects_without_access):
        refused = objects_without_access["items_with_no_access"]
        if refused:
            return self.refuse(
                _(
                    "Nothing was changed: you may not change %(count)d of the "
                    "selected %(model)s (%(names)s). Select only the items of "
                    "the bodies your agency leads."
                )
                % {
                    "count": len(refused),
                    "model": self.model._meta.verbose_name_plural,
                    "names": _names(refused),
                }
            )
        return None

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (PermissionDenied, ValidationError) as error:
            # Raised inside the batch's transaction: every change is undone.
            detail = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else str(error)
            )
            return self.refuse(
                _("Nothing was changed: %(detail)s") % {"detail": detail}
            )


class ApproveAndPublishBulkAction(MonitorBulkAction):
    # Short: the listing's footer cuts labels after about 16 characters.
    display_name = gettext_lazy("Approve, publish")
    title = gettext_lazy("Approve and publish")
    action_type = "approve_and_publish"
    aria_label = gettext_lazy("Approve and publish the selected items")
    action_priority = 10
    question = gettext_lazy(
        "Approve and publish these items? Items awaiting approval are approved; "
        "drafts are published; published items without changes stay as they are."
    )
    confirm_label = gettext_lazy("Yes, approve and publish")

    def prepare_action(self, objects, objects_without_access):
        response = super().prepare_action(objects, objects_without_access)
        if response is not None:
            return response
        empty = []
        for obj in objects:
            try:
                require_content(obj.get_latest_revision_as_object())
            except ValidationError:
                empty.append(obj)
        if empty:
            return self.refuse(
                _(
                    "Nothing was changed: %(names)s has neither a report nor a "
                    "public document. Write the report or attach a public "
                    "document first."
                )
                % {"names": _names(empty)}
            )
        held = [
            obj
            for obj in objects
            if not obj.workflow_in_progress
            and not (obj.live and not obj.has_unpublished_changes)
            and is_held(obj)
        ]
        if held:
            return self.refuse(
                _(
                    "Nothing was changed: %(names)s cannot be published before "
                    "Cabinet has decided on its reporting cycle. Approve it for "
                    "Cabinet, then publish what was agreed."
                )
                % {"names": _names(held)}
            )
        return None

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        outcomes = [actions.approve_or_publish(obj=obj, user=user) for obj in objects]
        kwargs["self"].outcomes = outcomes
        return len(objects) - outcomes.count("unchanged"), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        """E.g. "2 progress reports approved and published; 1 progress report
        published." — only the outcomes that happened."""
        templates = {
            "approved": _("%(count)d %(model)s approved and published"),
            "held": _("%(count)d %(model)s approved for Cabinet, not published yet"),
            "published": _("%(count)d %(model)s published"),
            "unchanged": _("%(count)d %(model)s already published, left as they were"),
        }
        parts = []
        for outcome, template in templates.items():
            count = self.outcomes.count(outcome)
            if count:
                model = (
                    self.model._meta.verbose_name
                    if count == 1
                    else self.model._meta.verbose_name_plural
                )
                parts.append(template % {"count": count, "model": model})
        return "; ".join(parts) + "."


class RelationForm(forms.Form):
    operation = forms.ChoiceField(
        label=gettext_lazy("Change"),
        choices=[(ADD, gettext_lazy("Add")), (REMOVE, gettext_lazy("Remove"))],
        widget=forms.RadioSelect,
        initial=ADD,
    )
    value = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, user=None, model=None, label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].queryset = model.objects.order_by("name")
        self.fields["value"].label = label


class RelationBulkAction(MonitorBulkAction):
    """Add or remove one value of a many-to-many field of the selected items."""

    content_models = (Recommendation, Action)
    form_class = RelationForm
    field_name = ""
    related_model = None
    value_label = ""
    confirm_label = gettext_lazy("Yes, change them")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "model": self.related_model,
            "label": self.value_label,
        }

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return {
            **super().get_execution_context(),
            "operation": data["operation"],
            "value": data["value"],
        }

    @classmethod
    def execute_action(cls, objects, user=None, operation=ADD, value=None, **kwargs):
        change = {"add": [value]} if operation == ADD else {"remove": [value]}
        changed = sum(
            actions.change_relations(obj=obj, user=user, field=cls.field_name, **change)
            for obj in objects
        )
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        data = self.cleaned_form.cleaned_data
        values = {
            "value": data["value"],
            "changed": num_parent_objects,
            "count": len(self.actionable_objects),
            "model": self.model._meta.verbose_name_plural,
        }
        if data["operation"] == ADD:
            return _("%(value)s added to %(changed)d of %(count)d %(model)s.") % values
        return _("%(value)s removed from %(changed)d of %(count)d %(model)s.") % values


class AgencyBulkAction(RelationBulkAction):
    display_name = gettext_lazy("Agencies")
    title = gettext_lazy("Add or remove an agency")
    action_type = "change_agency"
    aria_label = gettext_lazy("Add or remove a responsible agency")
    action_priority = 40
    field_name = "responsible_agencies"
    related_model = Agency
    value_label = gettext_lazy("Responsible agency")
    question = gettext_lazy(
        "Add a responsible agency to these items, or remove one from them."
    )


class IssueBulkAction(RelationBulkAction):
    display_name = gettext_lazy("Issues")
    title = gettext_lazy("Add or remove a human-rights issue")
    action_type = "change_issue"
    aria_label = gettext_lazy("Add or remove a human-rights issue")
    action_priority = 50
    field_name = "issues"
    related_model = HumanRightsIssue
    value_label = gettext_lazy("Human-rights issue")
    question = gettext_lazy(
        "Add a human-rights issue to these items, or remove one from them."
    )


class AffectedGroupBulkAction(RelationBulkAction):
    display_name = gettext_lazy("Affected groups")
    title = gettext_lazy("Add or remove an affected group")
    action_type = "change_affected_group"
    aria_label = gettext_lazy("Add or remove an affected group")
    action_priority = 60
    field_name = "affected_groups"
    related_model = AffectedGroup
    value_label = gettext_lazy("Affected group")
    question = gettext_lazy(
        "Add an affected group to these items, or remove one from them."
    )


class LinkToActionForm(forms.Form):
    action = forms.ModelChoiceField(
        label=gettext_lazy("Action"),
        queryset=Action.objects.none(),
        widget=AdminSnippetChooser(Action),
        help_text=gettext_lazy("The action that responds to these recommendations."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = policy_registry.get_by_type(
            Action
        ).instances_user_has_any_permission_for(user, ["publish"])


class LinkToActionBulkAction(MonitorBulkAction):
    display_name = gettext_lazy("Link to action")
    title = gettext_lazy("Link to an action")
    action_type = "link_to_action"
    aria_label = gettext_lazy("Link the selected recommendations to an action")
    action_priority = 70
    content_models = (Recommendation,)
    form_class = LinkToActionForm
    question = gettext_lazy("Link these recommendations to an action?")
    confirm_label = gettext_lazy("Yes, link them")

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "action": self.cleaned_form.cleaned_data["action"],
        }

    @classmethod
    def execute_action(cls, objects, user=None, action=None, **kwargs):
        before = set(action.get_latest_revision_as_object().recommendations.all())
        actions.link_recommendations(
            action=action, recommendations=list(objects), user=user
        )
        return len(set(objects) - before), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(changed)d of %(count)d recommendations linked to %(action)s.") % {
            "changed": num_parent_objects,
            "count": len(self.actionable_objects),
            "action": self.cleaned_form.cleaned_data["action"],
        }


BULK_ACTIONS = [
    ApproveAndPublishBulkAction,
    AgencyBulkAction,
    IssueBulkAction,
    AffectedGroupBulkAction,
    LinkToActionBulkAction,
]
