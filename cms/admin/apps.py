from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class MonitorAdminConfig(AppConfig):
    name = "cms.admin"
    label = "monitor_admin"
    verbose_name = _("Human Rights Monitor admin")
    default = True


class MonitorUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's users app with the Monitor's user screens
    (``cms.admin.users``): listed in ``INSTALLED_APPS`` instead of
    ``wagtail.users``."""

    user_viewset = "cms.admin.users.MonitorUserViewSet"
    default = False
