"""``manage.py describe_roles``: the role table of ``workflows.roles`` in Markdown."""

from django.apps import apps
from django.core.management.base import BaseCommand

from workflows import roles

# The order actions are listed in, most common first.
ACTIONS = ("access", "view", "add", "change", "delete", "publish", "lock", "unlock")
WORDS = {"access": "sign in"}


def table_rows():
    """``(label, {role: [action, ...]})`` per model the table grants on, in
    the table's order: the admin, content, taxonomies, users, the importer."""
    grants: dict[tuple[str, str], dict[str, list[str]]] = {}
    order = [
        roles.ACCESS_ADMIN.split(".")[0] + ".admin",
        *(f"content_models.{model}" for model in roles.CONTENT),
        *(f"content_models.{model}" for model in roles.TAXONOMIES),
    ]
    for role in roles.ROLES:
        for name in roles.PERMISSIONS[role]:
            app_label, codename = name.split(".")
            action, model = codename.split("_", 1)
            grants.setdefault((app_label, model), {}).setdefault(role, []).append(
                action
            )
    keys = sorted(
        grants,
        key=lambda key: (
            order.index(".".join(key)) if ".".join(key) in order else len(order),
            key,
        ),
    )
    return [
        (
            _label(*key),
            {
                role: sorted(grants[key].get(role, []), key=ACTIONS.index)
                for role in roles.ROLES
            },
        )
        for key in keys
    ]


def _label(app_label, model_name):
    if (app_label, model_name) == ("wagtailadmin", "admin"):
        return "Wagtail admin"
    try:
        label = str(apps.get_model(app_label, model_name)._meta.verbose_name_plural)
    except LookupError:  # an app that is not installed here
        label = f"{app_label}.{model_name}"
    return label[0].upper() + label[1:]


def markdown() -> str:
    lines = [
        "| | " + " | ".join(roles.ROLES) + " |",
        "|---" * (len(roles.ROLES) + 1) + "|",
    ]
    for label, by_role in table_rows():
        cells = [
            ", ".join(WORDS.get(action, action) for action in by_role[role]) or "—"
            for role in roles.ROLES
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Rights the code asks for by name (`workflows.roles`):")
    lines.append("")
    for name, words in roles.NAMED_RIGHTS.items():
        holders = [role for role in roles.ROLES if name in roles.PERMISSIONS[role]]
        lines.append(f"- `{name}`, {words}: {', '.join(holders)}.")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Print what each of the three roles may do (workflows.roles.PERMISSIONS) "
        "as a Markdown table, as docs/roles.md shows it."
    )

    def handle(self, *args, **options):
        self.stdout.write(markdown(), ending="")
