"""Admin hooks: the "Sign-in lockouts" and "Audit trail" screens under Settings,
administrators only, and the audit trail's log action labels."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from workflows import roles
from workflows.actions import audit as audit_actions

from . import audit, views


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_administrator(request.user)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return views.urlpatterns


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return AdministratorsMenuItem(
        _("Sign-in lockouts"),
        reverse(views.URL_NAME),
        icon_name="lock",
        name="sign-in-lockouts",
        order=900,
    )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, label in audit_actions.LABELS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_viewset")
def register_audit_trail():
    return audit.AuditTrailViewSet()
