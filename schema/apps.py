from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def install_database_objects(sender, using, **kwargs):
    """(Re)create the publication version's triggers after ``migrate``.

    The search index's triggers are the domain's
    (``ContentModelsConfig.ready``).
    """
    from django.db import connections

    from . import triggers

    triggers.install(connections[using])


class SchemaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schema"
    verbose_name = _("Human Rights Monitor GraphQL API")

    def ready(self):
        from . import signals  # noqa: F401  (Wagtail's publish signals)

        # Sent once per app with models; this app has none, so listen to the
        # app whose tables the triggers watch.
        post_migrate.connect(
            install_database_objects,
            sender=self.apps.get_app_config("content_models"),
            dispatch_uid="schema.install_database_objects",
        )
