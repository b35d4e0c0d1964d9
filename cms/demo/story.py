"""The hand-made New Zealand demo, described as data before anything is written.

``build_story()`` is pure: the same fixed seed always yields the same cycles,
recommendations, actions, indicators and progress reports, each named by its
natural key, whatever the database already holds. ``writer.py`` writes it.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from content_models.models import Indicator

from . import recommendations
from .common import CHANGED, DRAFT, LIVE, SMART_LETTERS, random_schedule
from .recommendations import Item
from .texts import (
    INDICATOR_DESCRIPTIONS,
    TARGET_DATE_COMMENTS,
    action_description,
    indicator_titles,
    month_label,
    report_body,
)
from .topics import TOPICS, Topic

SEED = 20240122
STATUSES = ("in_preparation", "in_progress", "completed")
NEXT_STATUS = {
    "in_preparation": "in_progress",
    "in_progress": "completed",
    "completed": "completed",
}
# Progress reports answer due dates up to this day (the demo's "recently").
REPORTED_UNTIL = datetime.date(2025, 9, 30)
TARGET_DATES = tuple(
    datetime.date(2025, 6, 30) + relativedelta(months=3 * step, day=31)
    for step in range(11)
)


@dataclass
class Story:
    recommendations: list[Item] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)
    indicators: list[Item] = field(default_factory=list)
    reports: list[Item] = field(default_factory=list)


def _state(rng: random.Random, draft: float, changed: float) -> str:
    roll = rng.random()
    return DRAFT if roll < draft else CHANGED if roll < draft + changed else LIVE


def _letters(rng: random.Random, chance: float) -> list[str]:
    return [letter for letter in SMART_LETTERS if rng.random() < chance]


# The demo's reasons, by letter: (met, not met). Chosen from the letters, not
# drawn from ``rng``, so that the rest of the story stays as it was.
SMART_REASONS = {
    "S": ("Names what will be done and by whom.", "Too broad to say what will change."),
    "M": ("Progress is counted and reported.", "No measure of progress agreed yet."),
    "A": ("A named agency is accountable.", "No single agency is accountable."),
    "R": ("Answers the recommendations it responds to.", "Only partly answers them."),
    "T": ("Has a target date.", "No date set for completion."),
}


def smart_reasons(letters) -> dict[str, str]:
    """The demo's reason for each SMART letter, met or not."""
    return {
        f"smart_reason_{letter.lower()}": SMART_REASONS[letter][letter not in letters]
        for letter in SMART_LETTERS
    }


def _with_smart_reasons(item: Item) -> Item:
    item.fields.update(smart_reasons(item.relations["smart_criteria"]))
    return item


def _actions(rng, topic: Topic, recs: list[Item], numbers: Counter, names) -> list:
    current = [rec for rec in recs if rec.key[0] in recommendations.CURRENT_CYCLES]
    pool = current if len(current) >= 3 else recs
    items = []
    for title, lead in topic.actions:
        numbers[lead] += 1
        partners = [code for code in topic.agencies if code != lead]
        partners = rng.sample(partners, k=min(len(partners), rng.randint(0, 2)))
        status = rng.choices(STATUSES, weights=(3, 5, 2))[0]
        target = rng.choice(TARGET_DATES[:4] if status == "completed" else TARGET_DATES)
        state = _state(rng, draft=0.08, changed=0.07)
        linked = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
        cabinet = ""
        if rng.random() < 0.4:
            cabinet = f"CAB-{rng.randint(22, 25)}-MIN-{rng.randint(1, 640):04d}"
        items.append(
            Item(
                key=(f"ACT-{lead}-{numbers[lead]:03d}",),
                fields={
                    "reference": f"ACT-{lead}-{numbers[lead]:03d}",
                    "title": title,
                    "description": action_description(
                        title, names[lead], [names[code] for code in partners]
                    ),
                    "desired_outcome": topic.outcome,
                    "lead_agency": lead,
                    "progress_status": status,
                    "target_date": target,
                    "target_date_comment": rng.choice(TARGET_DATE_COMMENTS),
                    "cabinet_reference": cabinet,
                    "pre_existing": rng.random() < 0.3,
                },
                relations={
                    "recommendations": sorted(rec.key for rec in linked),
                    "responsible_agencies": [lead, *partners],
                    "issues": recommendations.some(rng, topic.issues, 1),
                    "affected_groups": recommendations.some(rng, topic.groups, 0, 2),
                    "smart_criteria": _letters(rng, 0.75),
                },
                state=state,
                change={"desired_outcome": f"{topic.outcome} (Wording under review.)"},
                topic=topic.key,
            )
        )
        _with_smart_reasons(items[-1])
    return items


def _indicators(rng, action: Item, topic: Topic, names) -> list[Item]:
    items = []
    agencies = action.relations["responsible_agencies"]
    count = rng.choice((1, 2, 2, 2, 3))
    titles = indicator_titles(rng, count, topic, action.fields["title"])
    for number, (kind, title) in enumerate(titles, start=1):
        agency = rng.choice(agencies)
        schedule = random_schedule(rng)
        state = DRAFT if action.state == DRAFT else _state(rng, 0.04, 0.05)
        reference = action.key[0].replace("ACT-", "IND-", 1) + f"-{number}"
        end = schedule["end_date"] or schedule["start_date"]
        items.append(
            Item(
                key=(reference,),
                fields={
                    "reference": reference,
                    "action": action.key[0],
                    "title": title,
                    "description": rng.choice(INDICATOR_DESCRIPTIONS).format(
                        agency=names[agency]
                    ),
                    "kind": kind,
                    "responsible_agency": agency,
                    **schedule,
                },
                relations={"smart_criteria": _letters(rng, 0.7)},
                state=state,
                change={"end_date": end + relativedelta(months=3)},
                topic=topic.key,
            )
        )
        _with_smart_reasons(items[-1])
    return items


def _reports(rng, action: Item, indicators: list[Item], names) -> list[Item]:
    items, titles = [], set()
    status = action.fields["progress_status"]
    owed = [
        (indicator.key[0], day)
        for indicator in indicators
        if indicator.state != DRAFT
        for day in Indicator(**_schedule_of(indicator)).schedule_dates()
        if day <= REPORTED_UNTIL
    ]
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2))):
        state = _state(rng, draft=0.2, changed=0.05)
        if owed and rng.random() < 0.9:
            indicator, due_on = rng.choice(owed)
            title = f"Progress report for {month_label(due_on)}"
        else:
            # Publishing an unscheduled report links it to the action's open
            # due date nearest to the day it is published (workflows.actions):
            # a live one would depend on the wall clock, so these stay drafts.
            indicator = due_on = None
            state = DRAFT
            day = datetime.date(2025, rng.randint(1, 9), 1)
            title = f"Update on the action, {month_label(day)}"
        if title in titles:
            continue
        titles.add(title)
        lead = names[action.fields["lead_agency"]]
        body = report_body(rng, lead, status)
        # Publishing a report applies its proposed status to the action, so a
        # live one proposes the action's own status; drafts propose the next.
        proposed = NEXT_STATUS[status] if state == DRAFT else status
        items.append(
            Item(
                key=(action.key[0], title),
                fields={
                    "action": action.key[0],
                    "indicator": indicator,
                    "due_date": (indicator, due_on) if due_on else None,
                    "title": title,
                    "body": body,
                    "proposed_status": proposed,
                },
                state=state,
                change={"body": body + "<p>Figures to be confirmed by the lead.</p>"},
            )
        )
    return items


def _schedule_of(indicator: Item) -> dict:
    return {
        name: indicator.fields[name]
        for name in ("start_date", "end_date", "report_every_months")
    }


def build_story(agency_names: dict[str, str]) -> Story:
    """Describe the whole demo; ``agency_names`` maps codes to names for prose."""
    rng = random.Random(SEED)
    story = Story(recommendations=recommendations.build(rng))
    numbers: Counter = Counter()
    for topic in TOPICS:
        recs = [rec for rec in story.recommendations if rec.topic == topic.key]
        for action in _actions(rng, topic, recs, numbers, agency_names):
            indicators = _indicators(rng, action, topic, agency_names)
            story.actions.append(action)
            story.indicators.extend(indicators)
            if action.state != DRAFT:
                story.reports.extend(_reports(rng, action, indicators, agency_names))
    return story
