"""Load the default taxonomy values: a national preset, countries and SDGs."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from anyascii import anyascii
from django.db import transaction
from django.utils.text import slugify

from .actions import save_agency
from .models import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    ReportingCycle,
    SmartCriterion,
    SustainableDevelopmentGoal,
)

PRESET_DIR = Path(__file__).resolve().parent / "presets"

SMART_DEFINITIONS = {
    "S": "States exactly what will be done, by whom and for whom.",
    "M": "Progress can be measured or verified against a clear deliverable.",
    "A": "A named agency is accountable for delivering it.",
    "R": "It addresses the purpose of the recommendation it responds to.",
    "T": "It has a date or timeframe by which it will be done.",
}

SDG_NAMES = [
    "No poverty",
    "Zero hunger",
    "Good health and well-being",
    "Quality education",
    "Gender equality",
    "Clean water and sanitation",
    "Affordable and clean energy",
    "Decent work and economic growth",
    "Industry, innovation and infrastructure",
    "Reduced inequalities",
    "Sustainable cities and communities",
    "Responsible consumption and production",
    "Climate action",
    "Life below water",
    "Life on land",
    "Peace, justice and strong institutions",
    "Partnerships for the goals",
]


class UnknownPreset(ValueError):
    pass


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, created: bool, changed: bool) -> None:
        self.created.setdefault(label, 0)
        self.updated.setdefault(label, 0)
        if created:
            self.created[label] += 1
        elif changed:
            self.updated[label] += 1


def available_presets() -> list[str]:
    return sorted(path.stem for path in PRESET_DIR.glob("*.json"))


def term_slug(text: str) -> str:
    """A stable ASCII slug for a taxonomy term (Māori → maori)."""
    return slugify(anyascii(text))


def _upsert(result, label, model, lookup, values):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        result.count(label, created=True, changed=False)
        return
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    result.count(label, created=False, changed=bool(changed))


def _upsert_agency(result, *, code, name):
    """Like ``_upsert``, through ``save_agency``: every agency has a collection."""
    agency = Agency.objects.filter(code=code).first()
    created = agency is None
    changed = not created and agency.name != name
    if created:
        agency = Agency(code=code, name=name)
    else:
        agency.name = name
    if created or changed or agency.document_collection_id is None:
        save_agency(agency=agency)
    result.count("agencies", created=created, changed=changed)


def read_preset(name: str) -> dict:
    path = PRESET_DIR / f"{name}.json"
    if name not in available_presets():
        raise UnknownPreset(
            f"Unknown preset {name!r}; available: {', '.join(available_presets())}."
        )
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_taxonomies(*, preset: str = "nz") -> LoadResult:
    """Create or update every taxonomy value; running it twice changes nothing."""
    data = read_preset(preset)
    result = LoadResult()

    for item in data["government_agencies"]:
        _upsert_agency(result, code=item["short_title"], name=item["title"])
    for item in data["human_rights_bodies"]:
        _upsert(
            result,
            "bodies",
            HumanRightsBody,
            {"code": item["short_title"]},
            {
                "name": item["title"],
                "kind": item["kind"],
                "treaty": item.get("treaty", ""),
            },
        )
    for item in data["reporting_cycles"]:
        _upsert(
            result,
            "cycles",
            ReportingCycle,
            {"code": item["short_title"]},
            {
                "name": item["title"],
                "body": HumanRightsBody.objects.get(code=item["body"]),
            },
        )
    for model, key, label in (
        (HumanRightsIssue, "human_rights_issues", "issues"),
        (AffectedGroup, "affected_persons", "affected groups"),
    ):
        for item in data[key]:
            _upsert(
                result,
                label,
                model,
                {"slug": term_slug(item["short_title"])},
                {"name": item["title"], "short_name": item["short_title"]},
            )
    for position, item in enumerate(data["smart_criteria"]):
        letter = item["letter"]
        _upsert(
            result,
            "SMART criteria",
            SmartCriterion,
            {"letter": letter},
            {"name": item["title"], "sort_order": position},
        )
        SmartCriterion.objects.filter(letter=letter, definition="").update(
            definition=SMART_DEFINITIONS.get(letter, "")
        )
    for number, name in enumerate(SDG_NAMES, start=1):
        _upsert(
            result,
            "SDGs",
            SustainableDevelopmentGoal,
            {"number": number},
            {"name": name},
        )
    for country in pycountry.countries:
        _upsert(
            result,
            "countries",
            Country,
            {"code": country.alpha_3},
            {
                "alpha_2": country.alpha_2,
                "name": getattr(country, "common_name", None) or country.name,
                "official_name": getattr(country, "official_name", ""),
            },
        )
    return result
