from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "monitor_security"
    verbose_name = _("Sign-in and security headers")

    def ready(self):
        from . import audit  # noqa: F401 - connects the sign-in signals
