"""What the demo and the scale generator share: the tally and taxonomy lookups."""

import datetime
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from content_models.models import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    SmartCriterion,
    SustainableDevelopmentGoal,
)
from content_models.taxonomy_loader import LoadResult

# How a demo object ends up: published, a draft never published, or published
# with a newer revision that is not (an unpublished change).
LIVE = "live"
DRAFT = "draft"
CHANGED = "changed"

SMART_LETTERS = ("S", "M", "A", "R", "T")


@dataclass
class Tally:
    created: int = 0
    existing: int = 0


@dataclass
class SeedSummary:
    """Objects created and found already there, per kind, in first-seen order."""

    taxonomies: LoadResult | None = None
    tallies: dict[str, Tally] = field(default_factory=dict)
    # Sentences about the run as a whole (the demo was up to date…).
    notes: list[str] = field(default_factory=list)

    def add(self, label: str, *, created: int = 0, existing: int = 0) -> None:
        tally = self.tallies.setdefault(label, Tally())
        tally.created += created
        tally.existing += existing

    def created(self, label: str) -> int:
        return self.tallies[label].created if label in self.tallies else 0

    def lines(self) -> list[str]:
        lines = []
        if self.taxonomies is not None:
            created = sum(self.taxonomies.created.values())
            updated = sum(self.taxonomies.updated.values())
            lines.append(f"taxonomy values: {created} created, {updated} updated")
        return (
            lines
            + self.notes
            + [
                f"{label}: {tally.created} created, {tally.existing} existing"
                for label, tally in self.tallies.items()
            ]
        )


class Taxonomy:
    """Taxonomy rows keyed the way the demo names them.

    Agencies and bodies by code, issues and affected groups by short name, SDGs
    by number, countries by alpha-3 code, SMART criteria by letter.
    """

    def __init__(self):
        self.agencies = {item.code: item for item in Agency.objects.all()}
        self.bodies = {item.code: item for item in HumanRightsBody.objects.all()}
        self.issues = {item.short_name: item for item in HumanRightsIssue.objects.all()}
        self.groups = {item.short_name: item for item in AffectedGroup.objects.all()}
        self.sdgs = {
            item.number: item for item in SustainableDevelopmentGoal.objects.all()
        }
        self.countries = {item.code: item for item in Country.objects.all()}
        self.smart = {item.letter: item for item in SmartCriterion.objects.all()}

    def sources(self) -> dict[str, dict]:
        """Many-to-many field name → the lookup its natural keys resolve in."""
        return {
            "issues": self.issues,
            "affected_groups": self.groups,
            "sdgs": self.sdgs,
            "responsible_agencies": self.agencies,
            "recommending_states": self.countries,
            "smart_criteria": self.smart,
        }


def random_schedule(rng: random.Random, dates=None) -> dict:
    """Start date, end date and interval of one indicator's reporting schedule.

    Starts fall in the 18 months from half a year before the demo day
    (``dates``, a ``DemoDates``), or in 2024–2025 without one (the synthetic
    ``--scale`` rows); every interval occurs, some repeating schedules are
    open-ended and some one-off indicators have only a start date.
    """
    every = rng.choice((1, 3, 3, 6, 6, 12, 12, None, None, None))
    months_in = rng.randint(0, 18)
    if dates is None:
        start = datetime.date(2024, 1, 1) + relativedelta(months=months_in)
    else:
        start = dates.schedule_start(months_in)
    months = rng.choice((6, 12, 18, 24) if every == 1 else (6, 12, 18, 24, 36))
    end = start + relativedelta(months=months, days=-1)
    if every and every > 1 and rng.random() < 0.15:
        end = None  # open-ended: generated OPEN_ENDED_SCHEDULE_YEARS ahead
    if not every and rng.random() < 0.2:
        end = None  # one-off at its start date
    return {"start_date": start, "end_date": end, "report_every_months": every}
