"""load_taxonomies: the nz preset, countries and SDGs, idempotent and restoring."""

import io

import pycountry
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
from content_models.taxonomy_loader import load_taxonomies, term_slug

pytestmark = pytest.mark.django_db

LABELS = (
    "agencies",
    "bodies",
    "cycles",
    "issues",
    "affected groups",
    "SMART criteria",
    "SDGs",
    "countries",
)


def counts():
    return {
        "agencies": Agency.objects.count(),
        "bodies": HumanRightsBody.objects.count(),
        "cycles": ReportingCycle.objects.count(),
        "issues": HumanRightsIssue.objects.count(),
        "affected groups": AffectedGroup.objects.count(),
        "SMART criteria": SmartCriterion.objects.count(),
        "SDGs": SustainableDevelopmentGoal.objects.count(),
        "countries": Country.objects.count(),
    }


def expected_counts():
    return {
        "agencies": 18,
        "bodies": 11,
        "cycles": 1,
        "issues": 41,
        "affected groups": 22,
        "SMART criteria": 5,
        "SDGs": 17,
        "countries": len(pycountry.countries),
    }


def run_command(*args):
    out = io.StringIO()
    call_command("load_taxonomies", *args, stdout=out)
    return out.getvalue().splitlines()


def test_loading_the_nz_preset_creates_every_value():
    result = load_taxonomies(preset="nz")

    assert counts() == expected_counts()
    assert result.created == expected_counts()
    assert result.updated == dict.fromkeys(LABELS, 0)
    assert Agency.objects.get(code="TPK").name == "Te Puni Kōkiri"
    assert HumanRightsBody.objects.get(code="UPR").kind == "upr"
    assert HumanRightsBody.objects.get(code="CRPD").treaty == (
        "Convention on the Rights of Persons with Disabilities"
    )
    assert ReportingCycle.objects.get().code == "UPR-2024"
    assert list(SmartCriterion.objects.values_list("letter", flat=True)) == [
        "S",
        "M",
        "A",
        "R",
        "T",
    ]
    assert SmartCriterion.objects.get(letter="T").definition == (
        "It has a date or timeframe by which it will be done."
    )
    assert SustainableDevelopmentGoal.objects.get(number=17).name == (
        "Partnerships for the goals"
    )
    assert Country.objects.get(code="NZL").alpha_2 == "NZ"


def test_the_command_reports_what_it_created():
    lines = run_command()

    assert lines == [
        f"{label}: {count} created, 0 updated"
        for label, count in expected_counts().items()
    ]


def test_a_second_run_changes_nothing():
    run_command()
    names = dict(Agency.objects.values_list("code", "name"))

    result = load_taxonomies(preset="nz")
    lines = run_command()

    assert counts() == expected_counts()
    assert result.created == dict.fromkeys(LABELS, 0)
    assert result.updated == dict.fromkeys(LABELS, 0)
    assert lines == [f"{label}: 0 created, 0 updated" for label in LABELS]
    assert dict(Agency.objects.values_list("code", "name")) == names


def test_an_edited_value_is_restored_and_reported_as_updated():
    load_taxonomies(preset="nz")
    Agency.objects.filter(code="MoJ").update(name="Justice Department")
    HumanRightsIssue.objects.filter(slug="equality").update(short_name="Eq.")

    lines = run_command()

    assert Agency.objects.get(code="MoJ").name == "Ministry of Justice"
    assert HumanRightsIssue.objects.get(slug="equality").short_name == "Equality"
    assert "agencies: 0 created, 1 updated" in lines
    assert "issues: 0 created, 1 updated" in lines
    assert "bodies: 0 created, 0 updated" in lines
    assert counts() == expected_counts()


def test_slugs_are_ascii_without_macrons():
    load_taxonomies(preset="nz")

    assert AffectedGroup.objects.get(name="Māori").slug == "maori"
    assert term_slug("Māori") == "maori"
    assert HumanRightsIssue.objects.get(short_name="Women & girls").slug == (
        "women-girls"
    )


def test_an_unknown_preset_is_refused_and_writes_nothing():
    with pytest.raises(CommandError) as error:
        run_command("--preset", "atlantis")

    assert str(error.value) == "Unknown preset 'atlantis'; available: nz."
    assert counts() == dict.fromkeys(LABELS, 0)
