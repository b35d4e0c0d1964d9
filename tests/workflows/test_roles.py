"""The role table of ``workflows.roles`` and ``sync_roles()``, which applies it.

The test database is built by the migrations (and their post_migrate), so the
groups it starts with are what a fresh installation gets.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Collection, GroupCollectionPermission

from workflows import roles
from workflows.management.commands.describe_roles import markdown

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def held():
    """``{role: {"app_label.codename", ...}}`` as the database has it."""
    return {
        role: {
            f"{app_label}.{codename}"
            for app_label, codename in Group.objects.get(
                name=role
            ).permissions.values_list("content_type__app_label", "codename")
        }
        for role in roles.ROLES
    }


def no_change(changes):
    return {role: bool(change) for role, change in changes.items()} == {
        role: False for role in roles.ROLES
    }


def test_a_migrated_database_holds_exactly_the_table():
    assert held() == roles.PERMISSIONS
    assert not GroupCollectionPermission.objects.filter(group__name__in=roles.ROLES)


def test_the_table_spells_the_rights_the_roles_are_known_by():
    """Spot checks written from the roles' descriptions, not from the table."""
    table = roles.PERMISSIONS
    contributor = table[roles.AGENCY_CONTRIBUTORS]
    assert roles.ASSESSOR == "content_models.publish_action"
    assert roles.ASSESSOR in table[roles.LEAD_AGENCY_MANAGERS]
    assert roles.ASSESSOR in table[roles.ADMINISTRATORS]
    assert roles.ASSESSOR not in contributor
    assert roles.IMPORT not in contributor
    assert roles.VIEW_ALL_IMPORT_RUNS not in table[roles.LEAD_AGENCY_MANAGERS]
    assert "content_models.add_recommendation" not in contributor
    assert "auth.add_user" not in table[roles.LEAD_AGENCY_MANAGERS]
    assert {role for role in roles.ROLES if roles.ACCESS_ADMIN in table[role]} == set(
        roles.ROLES
    )
    # Every permission the table names exists once the database is migrated.
    for role, names in table.items():
        for name in names:
            app_label, codename = name.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), (role, name)


@pytest.fixture
def content_type_cache():
    """The test deletes content types; the cache must not outlive its rollback."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def test_sync_roles_on_an_empty_database_creates_the_groups_and_permissions(
    content_type_cache,
):
    Group.objects.filter(name__in=roles.ROLES).delete()
    Permission.objects.all().delete()
    ContentType.objects.filter(app_label="importers").delete()

    changes = roles.sync_roles()

    assert held() == roles.PERMISSIONS
    for role in roles.ROLES:
        assert changes[role].created is True
        assert changes[role].added == sorted(roles.PERMISSIONS[role])
        assert changes[role].removed == []
    # Named as Django and Wagtail name them, which then find them existing.
    names = dict(
        Permission.objects.filter(
            codename__in=["access_admin", "publish_action", "add_importrun"]
        ).values_list("codename", "name")
    )
    assert names == {
        "access_admin": "Can access Wagtail admin",
        "publish_action": "Can publish action",
        "add_importrun": "Can add import run",
    }
    assert Permission.objects.count() == len(set().union(*roles.PERMISSIONS.values()))
    assert set(
        ContentType.objects.filter(app_label="importers").values_list(
            "model", flat=True
        )
    ) == {"importrun", "uhrimapping"}


def test_sync_roles_works_with_a_migration_s_historical_models():
    """What workflows 0007 runs, with the models of its migration state, then
    what post_migrate runs, with the state after every migration."""
    Group.objects.filter(name__in=roles.ROLES).delete()
    Permission.objects.filter(
        content_type__app_label__in=["content_models", "importers"]
    ).delete()
    loader = MigrationExecutor(connection).loader

    roles.sync_roles(apps=loader.project_state(("workflows", "0007_sync_roles")).apps)

    # The importers' models are not in that state (workflows does not depend
    # on importers): their grants wait for the end of the migration.
    assert held() == {
        role: {name for name in names if not name.startswith("importers.")}
        for role, names in roles.PERMISSIONS.items()
    }

    roles.sync_roles(apps=loader.project_state().apps)

    assert held() == roles.PERMISSIONS


def test_sync_roles_removes_what_the_table_does_not_grant():
    contributors = Group.objects.get(name=roles.AGENCY_CONTRIBUTORS)
    by_hand = Permission.objects.get(
        content_type__app_label="content_models", codename="publish_action"
    )
    contributors.permissions.add(by_hand)
    GroupCollectionPermission.objects.create(
        group=contributors,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="change_document"),
    )

    changes = roles.sync_roles()

    assert changes[roles.AGENCY_CONTRIBUTORS].removed == [roles.ASSESSOR]
    assert changes[roles.AGENCY_CONTRIBUTORS].removed_grants == 1
    assert changes[roles.AGENCY_CONTRIBUTORS].added == []
    assert not changes[roles.ADMINISTRATORS]
    assert not changes[roles.LEAD_AGENCY_MANAGERS]
    assert held() == roles.PERMISSIONS
    assert not GroupCollectionPermission.objects.filter(group=contributors)


def test_a_missing_grant_is_given_back():
    managers = Group.objects.get(name=roles.LEAD_AGENCY_MANAGERS)
    managers.permissions.remove(Permission.objects.get(codename="add_importrun"))

    changes = roles.sync_roles()

    assert changes[roles.LEAD_AGENCY_MANAGERS].added == [roles.IMPORT]
    assert held() == roles.PERMISSIONS


def test_running_it_twice_changes_nothing():
    before = sorted(Group.permissions.through.objects.values_list("pk", flat=True))

    assert no_change(roles.sync_roles())
    assert no_change(roles.sync_roles())

    after = sorted(Group.permissions.through.objects.values_list("pk", flat=True))
    assert after == before


def test_every_migrate_applies_the_table():
    """post_migrate (connected in WorkflowsConfig.ready) runs sync_roles."""
    Group.objects.get(name=roles.ADMINISTRATORS).permissions.clear()
    Group.objects.get(name=roles.AGENCY_CONTRIBUTORS).delete()

    emit_post_migrate_signal(0, False, "default")

    assert held() == roles.PERMISSIONS


def test_docs_show_the_table_the_code_applies():
    """docs/roles.md carries ``manage.py describe_roles`` verbatim."""
    text = DOCS.read_text()
    shown = re.search(
        r"<!-- describe_roles -->\n(.*?)<!-- /describe_roles -->", text, re.S
    )
    assert shown is not None
    assert shown.group(1) == markdown()


def test_describe_roles_prints_the_table(capsys):
    call_command("describe_roles")
    out = capsys.readouterr().out
    assert out == markdown()
    assert (
        "| Import runs | view, add | add | — |" in out.splitlines()
    )  # administrators also see everyone's runs
