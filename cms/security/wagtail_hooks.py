"""Admin hooks: the "Sign-in lockouts" screen under Settings, administrators only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from workflows import roles

from . import views


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
