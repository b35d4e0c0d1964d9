from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cms.accounts"
    label = "monitor_accounts"
    verbose_name = _("Organisation sign-in and two-factor login")

    def ready(self):
        from . import checks, signals  # noqa: F401
