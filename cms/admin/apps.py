from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorAdminConfig(AppConfig):
    name = "cms.admin"
    label = "monitor_admin"
    verbose_name = _("Human Rights Monitor admin")
