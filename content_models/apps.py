from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def install_search_index(sender, using, **kwargs):
    """(Re)create the full-text index's triggers after ``migrate``.

    After every migration, not in one: the triggers name columns of the
    current models, and SQLite drops them whenever a migration rebuilds a
    table (``content_models.search.install``).
    """
    from django.db import connections

    from .search import install

    install.install(connections[using])


class ContentModelsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_models"
    verbose_name = _("Human Rights Monitor content")

    def ready(self):
        post_migrate.connect(
            install_search_index,
            sender=self,
            dispatch_uid="content_models.install_search_index",
        )
