"""Users by role and agency: Wagtail's user screens, in the Monitor's terms.

One form creates and edits a user with their *Role* and *Agency*
(``workflows.actions.users.set_user_role`` sets both and logs the change);
the listing shows and filters by them. The agency's edit view only lists its
members, linking here. A user to whom records are attributed is deactivated,
not deleted: deleting them is refused, singly and in bulk. The app config
``cms.admin.apps.MonitorUsersConfig`` puts this viewset in place of Wagtail's.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction

from content_models.models import Agency
from workflows import roles
from workflows.actions import users as user_actions

USERS_URL = "wagtailusers_users"
NO_ROLE = ""
ROLE_CHOICES = [(NO_ROLE, _("No role (cannot sign in to the admin)"))] + [
    (role, role) for role in roles.ROLES
]
ROLE_HELP = _(
    "Agency contributors and lead agency managers work for one agency; Monitor "
    "administrators for none. See “Roles: who may do what” in the documentation."
)


class RoleAgencyFields(forms.Form):
    """The two fields, and their check, shared by the user form and the bulk action."""

    role = forms.ChoiceField(
        label=_("Role"), choices=ROLE_CHOICES, required=False, help_text=ROLE_HELP
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label=_("No agency"),
    )

    def clean(self):
        return check_role_fields(self, super().clean())


def check_role_fields(form, cleaned):
    """Add ``check_role``'s refusal of the chosen role and agency to ``form``."""
    if "role" in cleaned and "agency" in cleaned:
        try:
            user_actions.check_role(cleaned["role"] or None, cleaned["agency"])
        except ValidationError as error:
            form.add_error(None, error)
    return cleaned


class MonitorUserFormMixin:
    """Role and Agency instead of Wagtail's group checkboxes. Only a superuser
    sees the superuser box: a Monitor administrator cannot make one."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in RoleAgencyFields.base_fields.items():
            self.fields[name] = field.__deepcopy__({})
        if self.instance.pk:
            self.initial.setdefault(
                "role", user_actions.role_of(self.instance) or NO_ROLE
            )
            agency = user_actions.agency_of(self.instance)
            self.initial.setdefault("agency", agency.pk if agency else None)
        if "is_superuser" in self.fields:
            if for_user and for_user.is_superuser:
                self.fields["is_superuser"].label = _("Superuser")
                self.fields["is_superuser"].help_text = _(
                    "Superusers may do everything, whatever their role."
                )
            else:
                del self.fields["is_superuser"]

    def clean(self):
        return check_role_fields(self, super().clean())

    @property
    def chosen_role(self):
        return self.cleaned_data.get("role") or None


class MonitorUserCreationForm(MonitorUserFormMixin, wagtail_forms.UserCreationForm):
    class Meta(wagtail_forms.UserCreationForm.Meta):
        fields = {"username", "email", "first_name", "last_name", "is_superuser"}


class MonitorUserEditForm(MonitorUserFormMixin, wagtail_forms.UserEditForm):
    class Meta(wagtail_forms.UserEditForm.Meta):
        fields = {
            "username",
            "email",
            "first_name",
            "last_name",
            "is_superuser",
            "is_active",
        }


class SetsRoleMixin:
    """Saves the user, then their role and agency, in the view's transaction."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        user = super().save_instance()
        user_actions.set_user_role(
            user,
            role=self.form.chosen_role,
            agency=self.form.cleaned_data.get("agency"),
            actor=self.request.user,
            source="admin",
        )
        return user


class CreateView(SetsRoleMixin, wagtail_users.CreateView):
    pass


class EditView(SetsRoleMixin, wagtail_users.EditView):
    """Only a superuser edits a superuser: a Monitor administrator who could
    set a superuser's password could sign in as one."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


HISTORY_REFUSAL = _(
    "%(user)s cannot be deleted: the Monitor's records name them (sign-ins, "
    "edits, revisions or log entries). Deactivate the account instead: untick "
    "“Active” on its edit page. Their history stays attributed to them."
)


class DeleteView(wagtail_users.DeleteView):
    """Refuses, with the way out, to delete a user whom records name."""

    def dispatch(self, request, *args, **kwargs):
        user = self.get_object()
        if user_actions.has_history(user):
            messages.error(request, HISTORY_REFUSAL % {"user": user.get_username()})
            return redirect(self.edit_url_name, user.pk)
        return super().dispatch(request, *args, **kwargs)


def _role_names(user):
    return [group.name for group in user.groups.all() if group.name in roles.ROLES]


def role_label(user) -> str:
    held = _role_names(user)
    return next((role for role in roles.ROLES if role in held), "")


def agency_label(user) -> str:
    return ", ".join(sorted(agency.code for agency in user.agencies.all()))


class UserFilterSet(wagtail_users.UserFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=[(role, role) for role in roles.ROLES],
        field_name="groups__name",
        distinct=True,
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=Agency.objects.order_by("name"),
        field_name="agencies",
        distinct=True,
    )

    class Meta(wagtail_users.UserFilterSet.Meta):
        pass


class IndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        extra = [
            Column("role", label=_("Role"), accessor=role_label),
            Column("agency", label=_("Agency"), accessor=agency_label),
        ]
        # After name and username, before "Access level".
        return columns[:3] + extra + columns[3:]

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("groups", "agencies")


class MonitorUserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    # Wagtail's "Copy" of a user saves the form over the original account
    # (it renames the person whom the history names): no copying.
    copy_view_enabled = False
    edit_view_class = EditView
    delete_view_class = DeleteView
    filterset_class = UserFilterSet
    create_template_name = "monitor_admin/users/create.html"
    edit_template_name = "monitor_admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return MonitorUserEditForm if for_update else MonitorUserCreationForm


# --- Bulk actions ---------------------------------------------------------------


class MonitorDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, leaving out users whom records name."""

    def check_perm(self, obj):
        return super().check_perm(obj) and not user_actions.has_history(obj)


class MonitorAssignRoleBulkAction(AssignRoleBulkAction):
    """Sets role and agency through ``set_user_role`` (Wagtail's would add a
    group with no agency and no log)."""

    display_name = _("Set role and agency")
    aria_label = _("Set the role and agency of the selected users")
    form_class = RoleAgencyFields

    def get_execution_context(self):
        return {
            "role": self.cleaned_form.cleaned_data.get("role") or None,
            "agency": self.cleaned_form.cleaned_data.get("agency"),
            "actor": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, role=None, agency=None, actor=None, **kwargs):
        for user in objects:
            user_actions.set_user_role(
                user, role=role, agency=agency, actor=actor, source="admin"
            )
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        data = self.cleaned_form.cleaned_data
        return ngettext(
            "%(count)d user now has the role %(role)s.",
            "%(count)d users now have the role %(role)s.",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "role": data.get("role") or gettext("no role"),
        }


BULK_ACTIONS = (MonitorDeleteBulkAction, MonitorAssignRoleBulkAction)


# --- The agency's members, read-only -----------------------------------------


class AgencyMembersPanel(Panel):
    """The agency's members, each linking to their user page, where the
    agency is set (the agency's form does not change its members)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "monitor_admin/panels/agency_members.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            members = (
                self.instance.members.order_by("username").prefetch_related("groups")
                if self.instance and self.instance.pk
                else []
            )
            context["members"] = [
                {
                    "name": user.get_full_name() or user.get_username(),
                    "username": user.get_username(),
                    "role": role_label(user),
                    "active": user.is_active,
                    "url": reverse(f"{USERS_URL}:edit", args=(user.pk,)),
                }
                for user in members
            ]
            context["listing_url"] = (
                reverse(f"{USERS_URL}:index") + f"?agency={self.instance.pk}"
                if self.instance and self.instance.pk
                else reverse(f"{USERS_URL}:index")
            )
            return context
