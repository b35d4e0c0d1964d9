"""The hand-made New Zealand demo, described as data before anything is written.

``build_story()`` is pure: the same fixed seed and demo day always yield the
same cycles, recommendations, actions, indicators and progress reports, each
named by its natural key, whatever the database already holds; its dates are
placed around the demo day (``dates.py``). ``writer.py`` writes it.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from content_models.models import Indicator

from . import recommendations
from .common import CHANGED, DRAFT, LIVE, SMART_LETTERS, random_schedule
from .consideration import consideration_cycle
from .dates import DemoDates
from .measured import measure_indicators
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
# Of the reports owed before the demo day, how many are missing (overdue),
# and how many are still drafts (written, not yet approved: overdue too).
MISSING_REPORT = 0.1
DRAFT_REPORT = 0.08
# How often an action also has a draft update outside its schedule.
UNSCHEDULED_UPDATE = 0.15


@dataclass
class Story:
    cycles: tuple = recommendations.CYCLES
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


def _actions(
    rng, topic: Topic, recs: list[Item], numbers: Counter, names, dates: DemoDates
) -> list:
    current = [rec for rec in recs if rec.key[0] in recommendations.CURRENT_CYCLES]
    pool = current if len(current) >= 3 else recs
    items = []
    for title, lead in topic.actions:
        numbers[lead] += 1
        partners = [code for code in topic.agencies if code != lead]
        partners = rng.sample(partners, k=min(len(partners), rng.randint(0, 2)))
        status = rng.choices(STATUSES, weights=(3, 5, 2))[0]
        targets = dates.target_dates
        target = rng.choice(targets[:4] if status == "completed" else targets)
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


def _indicators(rng, action: Item, topic: Topic, names, dates: DemoDates) -> list[Item]:
    items = []
    agencies = action.relations["responsible_agencies"]
    count = rng.choice((1, 2, 2, 2, 3))
    titles = indicator_titles(rng, count, topic, action.fields["title"])
    for number, (kind, title) in enumerate(titles, start=1):
        agency = rng.choice(agencies)
        schedule = random_schedule(rng, dates)
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


def _reports(rng, action: Item, indicators: list[Item], names, dates) -> list[Item]:
    """A progress report for most due dates before the demo day (a few are
    missing or still drafts: overdue), and now and then a draft update."""
    items, titles = [], set()
    status = action.fields["progress_status"]
    owed = sorted(
        (day, indicator.key[0])
        for indicator in indicators
        if indicator.state != DRAFT
        for day in Indicator(**_schedule_of(indicator)).schedule_dates()
        if day <= dates.reported_until
    )
    lead = names[action.fields["lead_agency"]]
    for due_on, indicator in owed:
        if rng.random() < MISSING_REPORT:
            continue
        title = f"Progress report for {month_label(due_on)}"
        if title in titles:  # two indicators due the same month
            title = f"{title} ({indicator})"
        titles.add(title)
        state = _state(rng, draft=DRAFT_REPORT, changed=0.05)
        items.append(
            _report(rng, action, lead, status, title, state, indicator, due_on)
        )
    if rng.random() < UNSCHEDULED_UPDATE:
        # Publishing an unscheduled report links it to the action's open due
        # date nearest to the day it is published (workflows.actions): a live
        # one would depend on the wall clock, so these stay drafts.
        day = dates.recent_month(rng.randint(0, 8))
        title = f"Update on the action, {month_label(day)}"
        items.append(_report(rng, action, lead, status, title, DRAFT, None, None))
    return items


def _report(rng, action, lead, status, title, state, indicator, due_on) -> Item:
    body = report_body(rng, lead, status)
    # Publishing a report applies its proposed status to the action, so a
    # live one proposes the action's own status; drafts propose the next.
    proposed = NEXT_STATUS[status] if state == DRAFT else status
    return Item(
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


def _schedule_of(indicator: Item) -> dict:
    return {
        name: indicator.fields[name]
        for name in ("start_date", "end_date", "report_every_months")
    }


def _answered_recommendations_give_no_reason(story: Story) -> None:
    """A recommendation some action answers (or proposes to) does not also
    say why no action is proposed, nor wait to be looked at again."""
    linked = {
        key for action in story.actions for key in action.relations["recommendations"]
    }
    for item in story.recommendations:
        if item.key in linked:
            item.fields.pop("no_action_reason", None)
            item.fields.pop("revisit_on", None)


def build_story(agency_names: dict[str, str], *, today: datetime.date) -> Story:
    """Describe the whole demo; ``agency_names`` maps codes to names for prose,
    ``today`` is the demo day its dates are placed around (``dates``). The
    cycle under consideration has no recommendations here: they are written
    through the response's actions (``consideration.py``)."""
    rng = random.Random(SEED)
    dates = DemoDates(today)
    story = Story(
        cycles=(*recommendations.CYCLES, consideration_cycle(dates)),
        recommendations=recommendations.build(rng, dates),
    )
    numbers: Counter = Counter()
    for topic in TOPICS:
        recs = [rec for rec in story.recommendations if rec.topic == topic.key]
        for action in _actions(rng, topic, recs, numbers, agency_names, dates):
            indicators = _indicators(rng, action, topic, agency_names, dates)
            story.actions.append(action)
            story.indicators.extend(indicators)
            if action.state != DRAFT:
                # Which reports are in depends on the demo day; their own
                # random numbers keep everything else the same on any day.
                report_rng = random.Random(f"{SEED}:{action.key[0]}")
                story.reports.extend(
                    _reports(report_rng, action, indicators, agency_names, dates)
                )
    _answered_recommendations_give_no_reason(story)
    measure_indicators(story, agency_names, dates, SEED)
    return story
