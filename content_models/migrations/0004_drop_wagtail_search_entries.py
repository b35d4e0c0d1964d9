"""Delete the entries Wagtail's search index holds for the Monitor's models.

The models are no longer ``index.Indexed``: the admin and the API find them
through the domain's own full-text index (``content_models.search``). Wagtail
neither updates nor reads their old entries any more; this removes them.
Wagtail's index itself stays, for documents and images. The reverse does
nothing: ``manage.py update_index`` would not restore entries for models that
are not indexed, and nothing reads them.
"""

from django.db import migrations


def delete_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    ours = ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="content_models"
    )
    IndexEntry.objects.using(schema_editor.connection.alias).filter(
        content_type__in=ours
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content_models", "0003_agency_collections_for_existing_agencies"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(delete_entries, migrations.RunPython.noop)]
