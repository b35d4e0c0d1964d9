from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "cms.demo"
    label = "monitor_demo"
    verbose_name = _("Human Rights Monitor demo data")
