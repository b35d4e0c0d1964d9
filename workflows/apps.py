from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflows"
    verbose_name = _("Human Rights Monitor workflows")

    def ready(self):
        from wagtail.documents import get_document_model, get_document_model_string
        from wagtail.permissions import register_permission_policy

        from . import roles, scoping, signals  # noqa: F401  (signals connect on import)
        from .documents import AgencyDocumentPermissionPolicy
        from .policies import AgencyScopedPermissionPolicy

        # Before any snippet registers, or Wagtail creates a model-only
        # fallback policy for it first.
        for model in scoping.SCOPED_MODELS:
            register_permission_policy(model, AgencyScopedPermissionPolicy(model))

        # wagtail.documents registers its own policy in its ready(), which runs
        # after this one; an exact-class registration takes precedence over it
        # whatever the order.
        register_permission_policy(
            get_document_model(),
            AgencyDocumentPermissionPolicy(
                get_document_model_string(),
                auth_model="wagtaildocs.Document",
                owner_field_name="uploaded_by_user",
            ),
            exact_class=True,
        )

        # The role groups match workflows.roles.PERMISSIONS after every migrate
        # (a fresh database gets its permissions only now, after the migrations).
        post_migrate.connect(
            roles.sync_roles_after_migrate,
            sender=self,
            dispatch_uid="monitor_sync_roles",
        )
