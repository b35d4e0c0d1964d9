"""Fixtures of the importer tests: taxonomies, users, files, and running imports."""

import io

import pycountry
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from content_models.models import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    ReportingCycle,
    SmartCriterion,
    SustainableDevelopmentGoal,
)
from content_models.taxonomy_loader import SDG_NAMES, read_preset, term_slug
from importers.actions import create_run, run_import
from importers.models import ImportRun
from importers.reading import Source
from workflows import roles

from ..factories import UserFactory

FILES = __import__("pathlib").Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded and imported files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def load_taxonomies_fast():
    """What ``load_taxonomies`` loads, in a dozen bulk inserts (tests only)."""
    data = read_preset("nz")
    agencies = Agency.objects.bulk_create(
        Agency(code=item["short_title"], name=item["title"])
        for item in data["government_agencies"]
    )
    bodies = HumanRightsBody.objects.bulk_create(
        HumanRightsBody(code=item["short_title"], name=item["title"], kind=item["kind"])
        for item in data["human_rights_bodies"]
    )
    by_code = {body.code: body for body in bodies}
    ReportingCycle.objects.bulk_create(
        ReportingCycle(
            code=item["short_title"], name=item["title"], body=by_code[item["body"]]
        )
        for item in data["reporting_cycles"]
    )
    for model, key in (
        (HumanRightsIssue, "human_rights_issues"),
        (AffectedGroup, "affected_persons"),
    ):
        model.objects.bulk_create(
            model(
                slug=term_slug(item["short_title"]),
                name=item["title"],
                short_name=item["short_title"],
            )
            for item in data[key]
        )
    SmartCriterion.objects.bulk_create(
        SmartCriterion(letter=item["letter"], name=item["title"], sort_order=position)
        for position, item in enumerate(data["smart_criteria"])
    )
    SustainableDevelopmentGoal.objects.bulk_create(
        SustainableDevelopmentGoal(number=number, name=name)
        for number, name in enumerate(SDG_NAMES, start=1)
    )
    Country.objects.bulk_create(
        Country(
            code=country.alpha_3,
            alpha_2=country.alpha_2,
            name=getattr(country, "common_name", None) or country.name,
            official_name=getattr(country, "official_name", ""),
        )
        for country in pycountry.countries
    )
    return agencies


@pytest.fixture
def taxonomies(db):
    """The New Zealand preset, every country and the SDGs; two cycles to import into."""
    load_taxonomies_fast()
    ReportingCycle.objects.create(
        code="CAT-2023",
        body=HumanRightsBody.objects.get(code="CAT"),
        name="CAT 2023",
        document_symbol="CAT/C/NZL/CO/7",
    )
    ReportingCycle.objects.filter(code="UPR-2024").update(document_symbol="A/HRC/56/15")


def user_with(*codenames, username="importer"):
    """A user with these permissions and the importer's own (as the roles of
    administrators and lead agency managers give it)."""
    user = UserFactory(username=username)
    for codename in (*codenames, roles.IMPORT, roles.ACCESS_ADMIN):
        app_label, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=name)
        )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def source_of(content, name="file.csv") -> Source:
    """A ``Source`` from text (UTF-8) or bytes."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return Source(name=name, size=len(data), opener=lambda: io.BytesIO(data))


def do_import(
    kind, content, *, name="file.csv", user=None, dry_run=False, publish=False
):
    """Run an import of ``content`` the way the command does; returns the run."""
    source = content if isinstance(content, Source) else source_of(content, name)
    run = create_run(
        kind=kind,
        source=source,
        user=user,
        origin=ImportRun.Origin.COMMAND,
        publish=publish,
    )
    return run_import(run=run, dry_run=dry_run)


def decide(*codes, user=None):
    """Record Cabinet's decision on the cycles ``codes`` (their drafts may
    then be published, ``workflows.actions.approval``)."""
    import datetime

    from workflows.actions import record_cabinet_decision

    user = user or UserFactory(username="cabinet-clerk", is_superuser=True)
    for code in codes:
        record_cabinet_decision(
            cycle=ReportingCycle.objects.get(code=code),
            user=user,
            decided_on=datetime.date(2027, 2, 10),
            minute_reference=f"CAB-27-MIN-{code}",
        )


def problems(run) -> list[str]:
    from importers.errors import ImportProblem

    return [str(ImportProblem.from_dict(problem)) for problem in run.errors]


def command(*args):
    """``manage.py import_csv``/``export_csv`` output as (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
