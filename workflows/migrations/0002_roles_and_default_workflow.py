"""Create the three roles with their permissions and the lead-agency workflow.

Permissions are created here with get_or_create: on a fresh database Django
and Wagtail create model permissions only after every migration has run.
"""

from django.db import migrations

ADMINISTRATORS = "Monitor administrators"
LEAD_AGENCY_MANAGERS = "Lead agency managers"
AGENCY_CONTRIBUTORS = "Agency contributors"

CONTENT = {
    "recommendation": "recommendation",
    "action": "action",
    "indicator": "indicator",
    "progressreport": "progress report",
}
TAXONOMIES = {
    "agency": "agency",
    "humanrightsbody": "human rights body",
    "reportingcycle": "reporting cycle",
    "country": "country",
    "humanrightsissue": "human rights issue",
    "affectedgroup": "affected group",
    "smartcriterion": "SMART criterion",
    "sustainabledevelopmentgoal": "sustainable development goal",
    "duedate": "due date",
}
EDIT = ["add", "change", "delete", "view"]
MODERATE = ["publish", "lock", "unlock"]

ROLE_PERMISSIONS = {
    ADMINISTRATORS: {
        "content": EDIT + MODERATE,
        "taxonomies": EDIT,
        "users": ["add", "change", "delete", "view"],
    },
    LEAD_AGENCY_MANAGERS: {
        "content": EDIT + MODERATE,
        "taxonomies": ["view"],
        "users": [],
    },
    AGENCY_CONTRIBUTORS: {
        # Recommendations arrive from the lead agency; contributors edit the
        # ones their agency is responsible for but do not add them.
        "content": ["change", "view", "lock"],
        "add": ["action", "indicator", "progressreport"],
        "taxonomies": ["view"],
        "users": [],
    },
}
DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
WORKFLOW_NAME = "Lead agency approval"


def _permission(apps, app_label, model, verbose_name, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {verbose_name}"},
    )
    return permission


def create_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )

    admin_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    root_collection = Collection.objects.filter(depth=1).first()

    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [access_admin]
        for model, verbose_name in CONTENT.items():
            for action in grants["content"]:
                permissions.append(
                    _permission(apps, "content_models", model, verbose_name, action)
                )
        for model in grants.get("add", []):
            permissions.append(
                _permission(apps, "content_models", model, CONTENT[model], "add")
            )
        for model, verbose_name in TAXONOMIES.items():
            for action in grants["taxonomies"]:
                permissions.append(
                    _permission(apps, "content_models", model, verbose_name, action)
                )
        for action in grants["users"]:
            permissions.append(_permission(apps, "auth", "user", "user", action))
        group.permissions.add(*permissions)

        if root_collection is not None:
            for codename in DOCUMENT_PERMISSIONS:
                permission = _permission(
                    apps, "wagtaildocs", "document", "document", codename.split("_")[0]
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="workflows", model="leadagencyapprovaltask"
    )
    LeadAgencyApprovalTask = apps.get_model("workflows", "LeadAgencyApprovalTask")
    task = LeadAgencyApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = LeadAgencyApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=task_type, active=True
        )
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    for model in CONTENT:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="content_models", model=model
        )
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def remove_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    LeadAgencyApprovalTask = apps.get_model("workflows", "LeadAgencyApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    LeadAgencyApprovalTask.objects.filter(name=WORKFLOW_NAME).delete()
    Group.objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_lead_agency_approval_task"),
        ("content_models", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow),
    ]
