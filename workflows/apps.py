from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflows"
    verbose_name = _("Human Rights Monitor workflows")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import scoping, signals  # noqa: F401  (signals connect on import)
        from .policies import AgencyScopedPermissionPolicy

        # Before any snippet registers, or Wagtail creates a model-only
        # fallback policy for it first.
        for model in scoping.SCOPED_MODELS:
            register_permission_policy(model, AgencyScopedPermissionPolicy(model))
