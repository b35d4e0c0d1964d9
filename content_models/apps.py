from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentModelsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_models"
    verbose_name = _("Human Rights Monitor content")
