from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchemaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schema"
    verbose_name = _("Human Rights Monitor GraphQL API")
