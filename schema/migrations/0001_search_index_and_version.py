"""The public API's database objects: search indexes and the version token.

They are not Django models (an FTS5 table cannot be), so this migration calls
the installers, which are idempotent and run again after every ``migrate``
(see ``SchemaConfig.ready``).
"""

from django.db import migrations


def install(apps, schema_editor):
    from schema.search import install as search_install
    from schema import versioning

    # Triggers come after the last migration (post_migrate): they name columns
    # of the current models.
    search_install.install(schema_editor.connection, triggers=False)
    versioning.install(schema_editor.connection, triggers=False)


def uninstall(apps, schema_editor):
    from schema.search import install as search_install
    from schema import versioning

    versioning.uninstall(schema_editor.connection)
    search_install.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("content_models", "0001_initial"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
