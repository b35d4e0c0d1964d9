from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflows"
    verbose_name = _("Human Rights Monitor workflows")

    def ready(self):
        from . import signals  # noqa: F401  (connects Wagtail's publish signals)
