"""Admin: directory groups (Settings), two-factor on the account page, the
administrators' reset, and the audit trail's two-factor entries."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from workflows import roles
from workflows.actions.two_factor import ENROLLED, RESET

from . import admin_views
from .models import DirectoryGroup


class AdministratorsOnly(PermissionHelper):
    def user_can_list(self, user):
        return roles.is_administrator(user)

    user_can_create = user_can_list

    def user_can_edit_obj(self, user, obj):
        return roles.is_administrator(user)

    user_can_delete_obj = user_can_edit_obj


@modeladmin_register
class DirectoryGroupAdmin(ModelAdmin):
    model = DirectoryGroup
    menu_label = _("Directory groups")
    menu_icon = "group"
    add_to_settings_menu = True
    menu_order = 910
    permission_helper_class = AdministratorsOnly
    list_display = ("name", "role", "agency")
    list_filter = ("role",)
    search_fields = ("name",)


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        ENROLLED, _("Set up two-factor sign-in"), _("Two-factor sign-in set up")
    )
    actions.register_action(
        RESET,
        _("Reset two-factor sign-in"),
        _("Two-factor sign-in reset by an administrator"),
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor sign-in"),
        "help_text": _(
            "Set up an authenticator app and recovery codes, or see your "
            "recovery codes."
        ),
    }


@hooks.register("register_admin_urls")
def two_factor_reset_urls():
    return [
        path(
            "two-factor/reset/<int:user_id>/",
            admin_views.reset_two_factor_view,
            name="monitor_reset_two_factor",
        )
    ]


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if roles.is_administrator(request_user) and admin_views.has_two_factor(user):
        yield wagtailadmin_widgets.ListingButton(
            _("Reset two-factor"),
            reverse("monitor_reset_two_factor", args=[user.pk]),
            priority=40,
        )
