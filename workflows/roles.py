"""The three roles of the Monitor: what each may do, and who has which.

``PERMISSIONS`` is the one table of *what* each role may do: the Django and
Wagtail permissions of its group. ``sync_roles()`` makes the database match it
(a migration runs it, and so does every ``migrate``: see
``WorkflowsConfig.ready``), so a change of rights is a change of this table.
*Which rows* a role's permissions reach — its agency's content, the bodies
its agency leads — is ``workflows.scoping``; documents are
``workflows.documents``. ``manage.py describe_roles`` prints the table
(``docs/roles.md`` shows it).

A user's roles are their groups and their agencies are ``Agency.members``;
both are read once per request and cached on the user.
"""

import dataclasses

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, router
from django.utils.translation import gettext_lazy as _

ADMINISTRATORS = "Monitor administrators"
LEAD_AGENCY_MANAGERS = "Lead agency managers"
AGENCY_CONTRIBUTORS = "Agency contributors"

ROLES = (ADMINISTRATORS, LEAD_AGENCY_MANAGERS, AGENCY_CONTRIBUTORS)

ROLE_DESCRIPTIONS = {
    ADMINISTRATORS: _("Manage taxonomies, agencies and users; see everything."),
    LEAD_AGENCY_MANAGERS: _(
        "Edit, approve and publish content of the bodies their agency leads."
    ),
    AGENCY_CONTRIBUTORS: _(
        "Propose actions and indicators and write progress reports for their "
        "agency's items; cannot publish."
    ),
}

# --- What each role may do -------------------------------------------------

#: Signing in to the Wagtail admin at all.
ACCESS_ADMIN = "wagtailadmin.access_admin"
#: The lead agency's assessment: the SMART assessment of an action or an
#: indicator (``workflows.actions.assess_smart``) and an action's progress
#: status. Contributors only propose a status, in a progress report.
ASSESSOR = "content_models.publish_action"
#: Uploading files to the importer (with add and change on the kind's model;
#: publishing an import also takes publish: ``importers.permissions``).
IMPORT = "importers.add_importrun"
#: Seeing every user's import runs, not only one's own.
VIEW_ALL_IMPORT_RUNS = "importers.view_importrun"

CONTENT = ("recommendation", "action", "indicator", "progressreport")
TAXONOMIES = (
    "agency",
    "humanrightsbody",
    "reportingcycle",
    "country",
    "humanrightsissue",
    "affectedgroup",
    "smartcriterion",
    "sustainabledevelopmentgoal",
    "duedate",
)
EDIT = ("add", "change", "delete", "view")
MODERATE = ("publish", "lock", "unlock")


def _grants(app_label, models, actions):
    return {f"{app_label}.{action}_{model}" for model in models for action in actions}


PERMISSIONS: dict[str, frozenset[str]] = {
    ADMINISTRATORS: frozenset(
        {
            ACCESS_ADMIN,
            *_grants("content_models", CONTENT, EDIT + MODERATE),
            *_grants("content_models", TAXONOMIES, EDIT),
            *_grants("auth", ["user"], EDIT),
            IMPORT,
            VIEW_ALL_IMPORT_RUNS,
            *_grants("importers", ["uhrimapping"], EDIT),
        }
    ),
    LEAD_AGENCY_MANAGERS: frozenset(
        {
            ACCESS_ADMIN,
            *_grants("content_models", CONTENT, EDIT + MODERATE),
            *_grants("content_models", TAXONOMIES, ["view"]),
            IMPORT,
        }
    ),
    AGENCY_CONTRIBUTORS: frozenset(
        {
            ACCESS_ADMIN,
            # Recommendations arrive from the lead agency: contributors edit
            # the ones their agency is responsible for but do not add them.
            *_grants("content_models", CONTENT, ["change", "view", "lock"]),
            *_grants(
                "content_models", ["action", "indicator", "progressreport"], ["add"]
            ),
            *_grants("content_models", TAXONOMIES, ["view"]),
        }
    ),
}
#: The rights the code asks for by name, in words (``manage.py describe_roles``).
NAMED_RIGHTS = {
    ACCESS_ADMIN: _("signing in to the admin"),
    ASSESSOR: _(
        "assessing against SMART: the SMART assessment of an action or an "
        "indicator (each letter met or not, with a reason) and an action's "
        "progress status (the fields are hidden without it)"
    ),
    IMPORT: _(
        "importing recommendations, actions and indicators from a file (with "
        "add and change on them; publishing the import also takes publish)"
    ),
    VIEW_ALL_IMPORT_RUNS: _("seeing every user's import runs, not only one's own"),
}
# No role holds Wagtail collection or page permissions: the rights on each
# agency's documents follow from roles and agencies in code
# (``workflows.documents``); sync_roles removes any such grant of the roles.

# --- Keeping the database in step -------------------------------------------


@dataclasses.dataclass
class RoleChange:
    """What ``sync_roles`` did to one role's group."""

    created: bool = False
    added: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)
    removed_grants: int = 0

    def __bool__(self):
        return bool(self.created or self.added or self.removed or self.removed_grants)


def sync_roles(*, apps=global_apps, using=DEFAULT_DB_ALIAS) -> dict[str, RoleChange]:
    """Make the three role groups hold exactly the permissions of ``PERMISSIONS``.

    Creates a missing group and a missing permission (on a fresh database
    Django creates permissions only after every migration has run), adds what
    the table grants, removes every other permission and every collection or
    page grant of the three groups. Idempotent. ``apps`` is the registry to
    use: a migration's historical one or the real one. A permission whose
    model is not in it (an app not installed, or not migrated yet) is left
    for a later run. Returns what changed, per role.
    """
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return {}
    if not router.allow_migrate_model(using, Permission):
        return {}
    resolved = _resolve_permissions(apps, using)
    changes = {}
    for role, wanted in PERMISSIONS.items():
        group, created = Group.objects.using(using).get_or_create(name=role)
        change = RoleChange(created=created)
        held = {
            f"{app_label}.{codename}": pk
            for pk, app_label, codename in group.permissions.values_list(
                "pk", "content_type__app_label", "codename"
            )
        }
        missing = sorted(name for name in wanted - set(held) if name in resolved)
        extra = sorted(set(held) - wanted)
        if missing:
            group.permissions.add(*(resolved[name] for name in missing))
        if extra:
            group.permissions.remove(*(held[name] for name in extra))
        change.added, change.removed = missing, extra
        change.removed_grants = _remove_object_grants(apps, using, group)
        changes[role] = change
    return changes


def _resolve_permissions(apps, using) -> dict[str, object]:
    """``{"app_label.codename": Permission}`` of every permission the table
    names whose model ``apps`` has, created where missing."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    resolved = {}
    for name in sorted(set().union(*PERMISSIONS.values())):
        app_label, codename = name.split(".")
        model = _model_of(apps, app_label, codename)
        if model is None:
            continue
        content_type, _ = ContentType.objects.using(using).get_or_create(
            app_label=app_label, model=model._meta.model_name
        )
        action = codename.removesuffix(f"_{model._meta.model_name}")
        label = dict(model._meta.permissions).get(codename) or (
            f"Can {action} {model._meta.verbose_name_raw}"
        )
        resolved[name], _ = Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": label}
        )
    return resolved


def _model_of(apps, app_label, codename):
    """The model ``codename`` (``<action>_<model name>``) is a permission on."""
    try:
        models = apps.get_app_config(app_label).get_models()
    except LookupError:
        return None
    for model in models:
        if codename.endswith(f"_{model._meta.model_name}"):
            return model
    return None


def _remove_object_grants(apps, using, group) -> int:
    """Delete ``group``'s collection and page permissions; how many."""
    removed = 0
    for model_name in ("GroupCollectionPermission", "GroupPagePermission"):
        try:
            model = apps.get_model("wagtailcore", model_name)
        except LookupError:
            continue
        removed += model.objects.using(using).filter(group=group).delete()[0]
    return removed


def sync_roles_after_migrate(sender, *, apps=global_apps, using, verbosity=1, **kwargs):
    """``post_migrate``: the database matches the table after every migrate."""
    changes = sync_roles(apps=apps, using=using)
    stdout = kwargs.get("stdout")
    if verbosity < 1 or stdout is None:
        return
    for role, change in changes.items():
        if change:
            stdout.write(f"  Role {role!r}: {describe_change(change)}\n")


def describe_change(change: RoleChange) -> str:
    parts = ["group created"] if change.created else []
    if change.added:
        parts.append(f"added {', '.join(change.added)}")
    if change.removed:
        parts.append(f"removed {', '.join(change.removed)}")
    if change.removed_grants:
        parts.append(f"removed {change.removed_grants} collection/page grant(s)")
    return "; ".join(parts)


# --- Who has which role ------------------------------------------------------

_CACHE_ATTRIBUTE = "_monitor_roles"
# Other facts about the user computed once per request (see ``remember``).
_REMEMBERED_ATTRIBUTE = "_monitor_remembered"


def _cached(user):
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        if user.is_authenticated and user.is_active:
            groups = frozenset(user.groups.values_list("name", flat=True))
            agencies = frozenset(user.agencies.values_list("pk", flat=True))
        else:
            groups, agencies = frozenset(), frozenset()
        cached = (groups, agencies)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget(user):
    """Drop the cached roles, e.g. after changing a user's groups in a test."""
    for attribute in (_CACHE_ATTRIBUTE, _REMEMBERED_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def remember(user, key, compute):
    """``compute()``, cached on ``user`` under ``key`` like the roles are."""
    remembered = getattr(user, _REMEMBERED_ATTRIBUTE, None)
    if remembered is None:
        remembered = {}
        setattr(user, _REMEMBERED_ATTRIBUTE, remembered)
    if key not in remembered:
        remembered[key] = compute()
    return remembered[key]


def is_administrator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or ADMINISTRATORS in _cached(user)[0])
    )


def is_lead_agency_manager(user) -> bool:
    return LEAD_AGENCY_MANAGERS in _cached(user)[0]


def is_agency_contributor(user) -> bool:
    return AGENCY_CONTRIBUTORS in _cached(user)[0]


def agency_ids(user) -> frozenset[int]:
    """Primary keys of the agencies the user is a member of."""
    return _cached(user)[1]
