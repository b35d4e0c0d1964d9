"""Give the roles the importer's permissions.

Administrators and lead agency managers import (``add_importrun``);
administrators also see every run and edit the UHRI theme mappings.
"""

from django.db import migrations

GRANTS = {
    "Monitor administrators": [
        ("importrun", "import run", ["add", "view"]),
        ("uhrimapping", "UHRI mapping", ["add", "change", "delete", "view"]),
    ],
    "Lead agency managers": [
        ("importrun", "import run", ["add"]),
    ],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, verbose_name, actions in models:
            content_type, _ = ContentType.objects.get_or_create(
                app_label="importers", model=model
            )
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {verbose_name}"},
                )
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in GRANTS.items():
        for group in Group.objects.filter(name=group_name):
            for model, _, actions in models:
                group.permissions.remove(
                    *Permission.objects.filter(
                        content_type__app_label="importers",
                        codename__in=[f"{action}_{model}" for action in actions],
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0001_initial"),
        ("workflows", "0002_roles_and_default_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
