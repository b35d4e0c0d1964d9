"""Remove the document grants of the three roles on the root collection.

0002 gave every role add/change/choose on the root collection, i.e. on every
agency's documents. Document rights now come from roles and agencies in code
(``workflows.documents.AgencyDocumentPermissionPolicy``), per agency
collection; these rows only misled (and would reopen the hole if the policy
were ever replaced by Wagtail's default).
"""

from django.db import migrations

ROLES = ["Monitor administrators", "Lead agency managers", "Agency contributors"]
CODENAMES = ["add_document", "change_document", "choose_document"]


def _root_grants(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root = Collection.objects.filter(depth=1).order_by("path").first()
    return root, GroupCollectionPermission.objects.filter(
        collection=root,
        group__name__in=ROLES,
        permission__content_type__app_label="wagtaildocs",
        permission__codename__in=CODENAMES,
    )


def remove_grants(apps, schema_editor):
    root, grants = _root_grants(apps)
    if root is not None:
        grants.delete()


def restore_grants(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root, _ = _root_grants(apps)
    if root is None:
        return
    permissions = Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=ROLES):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0005_reminder_messages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(remove_grants, restore_grants),
    ]
