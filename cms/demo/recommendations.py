"""The demo's reporting cycles and recommendations, described as data."""

import datetime
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from content_models.models import MAX_FOLLOW_UPS_PER_CYCLE

from .common import CHANGED, DRAFT, LIVE
from .dates import DemoDates
from .texts import (
    NO_ACTION_REASONS,
    RECOMMENDING_STATES,
    RESPONSE_COMMENTS,
    recommendation_text,
)
from .topics import topics_for_body

UPR_RESPONSES = ("supported", "supported_in_part", "noted")


@dataclass(frozen=True)
class CycleSpec:
    code: str
    body: str
    name: str
    received_on: datetime.date
    document_symbol: str
    size: int

    @property
    def upr(self) -> bool:
        return self.body == "UPR"

    @property
    def follow_up_due_on(self) -> datetime.date | None:
        """Treaty bodies ask for a one-year update on their follow-up items."""
        return None if self.upr else self.received_on + relativedelta(years=1)


CYCLES = (
    CycleSpec("UPR-2019", "UPR", "Universal Periodic Review 2019 (third cycle)",
              datetime.date(2019, 1, 21), "A/HRC/41/4", 40),
    CycleSpec("UPR-2024", "UPR", "Universal Periodic Review 2024",
              datetime.date(2024, 1, 22), "A/HRC/56/8", 60),
    CycleSpec("CAT-2015", "CAT", "Committee against Torture 2015 (sixth report)",
              datetime.date(2015, 5, 15), "CAT/C/NZL/CO/6", 8),
    CycleSpec("CAT-2023", "CAT", "Committee against Torture 2023 (seventh report)",
              datetime.date(2023, 8, 11), "CAT/C/NZL/CO/7", 14),
    CycleSpec("CRPD-2022", "CRPD", "Committee on the Rights of Persons with "
              "Disabilities 2022", datetime.date(2022, 9, 26), "CRPD/C/NZL/CO/2-3", 14),
    CycleSpec("CRC-2023", "CRC", "Committee on the Rights of the Child 2023",
              datetime.date(2023, 2, 24), "CRC/C/NZL/CO/6", 14),
    CycleSpec("CERD-2023", "CERD", "Committee on the Elimination of Racial "
              "Discrimination 2023", datetime.date(2023, 8, 31),
              "CERD/C/NZL/CO/23-24", 14),
)  # fmt: skip

# The latest cycle of each body: what ``ReportingCycle.is_current`` reports.
CURRENT_CYCLES = ("UPR-2024", "CAT-2023", "CRPD-2022", "CRC-2023", "CERD-2023")
UPR_PARAGRAPH = "122"
MID_TERM_NOTE = "The Government will report on progress at mid-term."

BODY_LEAD_AGENCIES = {
    "UPR": "MoJ",
    "ICCPR": "MoJ",
    "ICESCR": "MoJ",
    "CAT": "MoJ",
    "CERD": "MoJ",
    "CEDAW": "MfW",
    "CRC": "MSD",
    "CRPD": "Whaikaha",
    "CED": "MFAT",
    "CMW": "MBIE",
    "SP": "MFAT",
}


@dataclass
class Item:
    """One object to create: natural key, field values, relations, final state.

    Foreign keys and many-to-many values are natural keys (codes, references);
    ``change`` holds the field edits of the unpublished revision of a
    ``CHANGED`` object.
    """

    key: tuple
    fields: dict
    relations: dict = field(default_factory=dict)
    state: str = LIVE
    change: dict = field(default_factory=dict)
    topic: str = ""


def some(rng: random.Random, values, minimum: int, maximum: int = 3) -> list:
    """Between ``minimum`` and ``maximum`` of ``values``, in their given order."""
    count = rng.randint(min(minimum, len(values)), min(maximum, len(values)))
    chosen = set(rng.sample(range(len(values)), k=count))
    return [value for position, value in enumerate(values) if position in chosen]


def _treaty_paragraphs(rng: random.Random, size: int) -> list[tuple[str, int]]:
    """(paragraph number, items in it) groups adding up to ``size``."""
    groups, paragraph, left = [], rng.randint(8, 12), size
    while left:
        count = min(left, rng.choice((1, 1, 2, 2, 3)))
        groups.append((str(paragraph), count))
        paragraph += rng.randint(1, 3)
        left -= count
    return groups


def _references(rng, cycle: CycleSpec) -> list[tuple[str, str, int]]:
    """(reference, paragraph, index within its paragraph) for every item."""
    if cycle.upr:
        return [
            (f"{UPR_PARAGRAPH}.{n}", UPR_PARAGRAPH, 0) for n in range(1, 1 + cycle.size)
        ]
    references = []
    for paragraph, count in _treaty_paragraphs(rng, cycle.size):
        for position in range(count):
            letter = f"({'abc'[position]})" if count > 1 else ""
            references.append((f"para {paragraph}{letter}", paragraph, position))
    return references


def _upr_fields(rng, topic_key: str, dates: DemoDates) -> dict:
    weights = (2, 1, 7) if topic_key == "ratification" else (13, 3, 4)
    response = rng.choices(UPR_RESPONSES, weights=weights)[0]
    values = {
        "upr_response": response,
        "response_comment": rng.choice(RESPONSE_COMMENTS[response]),
    }
    if response == "noted" and rng.random() < 0.5:
        values["no_action_reason"] = rng.choice(NO_ACTION_REASONS)
        values["revisit_on"] = rng.choice(dates.revisit_dates)
    return values


def _cycle_items(rng: random.Random, cycle: CycleSpec, dates: DemoDates) -> list[Item]:
    topics = topics_for_body(cycle.body)
    references = _references(rng, cycle)
    items, deck = [], []
    for reference, paragraph, position in references:
        if position == 0:  # a new paragraph (every UPR item) draws a topic
            if not deck:
                deck = list(topics)
                rng.shuffle(deck)
            topic = deck.pop()
            clauses = rng.sample(topic.clauses, k=len(topic.clauses))
        short, clause = clauses[position % len(clauses)]
        text = recommendation_text(rng, clause, upr=cycle.upr)
        fields = {
            "cycle": cycle.code,
            "reference": reference,
            "title": short,
            "text": text,
            "paragraph": paragraph,
            "document_symbol": cycle.document_symbol,
            "source_url": f"https://undocs.org/en/{cycle.document_symbol}",
            "prioritised": cycle.code in CURRENT_CYCLES and rng.random() < 0.2,
        }
        relations = {
            "issues": some(rng, topic.issues, 1),
            "affected_groups": some(rng, topic.groups, 0 if rng.random() < 0.1 else 1),
            "sdgs": some(rng, topic.sdgs, 1),
            "responsible_agencies": [
                topic.agencies[0],
                *some(rng, topic.agencies[1:], 0, 1),
            ],
        }
        if cycle.upr:
            fields.update(_upr_fields(rng, topic.key, dates))
            states = 1 if rng.random() < 0.8 else rng.randint(2, 3)
            relations["recommending_states"] = sorted(
                rng.sample(RECOMMENDING_STATES, k=states)
            )
            comment = f"{fields['response_comment']} {MID_TERM_NOTE}"
            change = {"response_comment": comment}
        else:
            if rng.random() < 0.08:
                fields["no_action_reason"] = NO_ACTION_REASONS[2]
            change = {"title": f"{short} (wording under review)"}
        recent = cycle.received_on.year >= 2023
        state = LIVE
        if recent and rng.random() < 0.06:
            state = DRAFT
        elif rng.random() < 0.05:
            state = CHANGED
        items.append(Item((cycle.code, reference), fields, relations, state, change,
                          topic.key))  # fmt: skip
    if not cycle.upr:
        count = rng.randint(MAX_FOLLOW_UPS_PER_CYCLE - 1, MAX_FOLLOW_UPS_PER_CYCLE)
        for item in rng.sample(items, k=count):
            item.fields["follow_up"] = True
            if rng.random() < 0.6:
                item.fields["follow_up_grade"] = rng.choice("ABBBCCD")
    return items


def build(rng: random.Random, dates: DemoDates) -> list[Item]:
    """Every demo recommendation, cycle by cycle."""
    return [item for cycle in CYCLES for item in _cycle_items(rng, cycle, dates)]
