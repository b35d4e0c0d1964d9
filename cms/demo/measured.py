"""Two measured indicators in the demo, so that the explorer shows a chart.

Applied to the story after it is built, with no draw from the story's random
numbers (everything else stays as it was): for each spec, the first
published progress indicator of a published action led by the agency, whose
title is the measure, gets a unit, a baseline and a target, a yearly
schedule that started three years before the demo day, and a published
progress report with the measured value for each due date already passed.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from content_models.models import Indicator

from .common import LIVE
from .dates import DemoDates
from .recommendations import Item
from .texts import month_label, report_body

# An annual figure: a yearly schedule that started three years ago.
EVERY_MONTHS = 12
STARTED_MONTHS_AGO = 36
RUNS_YEARS = 5


@dataclass(frozen=True)
class MeasureSpec:
    agency: str
    measure: str  # the indicator's title starts with it
    unit: str
    baseline: str
    target: str
    values: tuple[str, ...]  # one per due date passed, in order


SPECS = (
    MeasureSpec(
        "MoJ",
        "Hate crimes recorded by Police",
        "offences",
        "2170",
        "1800",
        ("2150", "2090", "2010", "1960", "1925"),
    ),
    MeasureSpec(
        "MoE",
        "Māori school leavers with NCEA Level 2 (per cent)",
        "%",
        "62.5",
        "75",
        ("63.4", "64.9", "66.2", "67", "68.1"),
    ),
)


def _chosen(story, spec: MeasureSpec) -> Item | None:
    live_actions = {
        action.key[0]
        for action in story.actions
        if action.state == LIVE and action.fields["lead_agency"] == spec.agency
    }
    return next(
        (
            indicator
            for indicator in story.indicators
            if indicator.state == LIVE
            and indicator.fields["action"] in live_actions
            and indicator.fields["kind"] == "progress_indicator"
            and indicator.fields["title"].startswith(spec.measure)
        ),
        None,
    )


def measure_indicators(story, agency_names: dict[str, str], dates: DemoDates, seed):
    actions = {action.key[0]: action for action in story.actions}
    for spec in SPECS:
        indicator = _chosen(story, spec)
        if indicator is None:
            continue
        reference = indicator.key[0]
        start = dates.recent_month(STARTED_MONTHS_AGO)
        end = start + relativedelta(years=RUNS_YEARS, days=-1)
        indicator.fields.update(
            start_date=start,
            end_date=end,
            report_every_months=EVERY_MONTHS,
            unit=spec.unit,
            baseline_value=Decimal(spec.baseline),
            baseline_date=start,
            target_value=Decimal(spec.target),
            target_date=end,
        )
        # Its reports are the ones below, on the new schedule.
        story.reports[:] = [
            report
            for report in story.reports
            if report.fields.get("indicator") != reference
        ]
        action = actions[indicator.fields["action"]]
        status = action.fields["progress_status"]
        lead = agency_names[action.fields["lead_agency"]]
        rng = random.Random(f"{seed}:measured:{reference}")
        owed = [
            day
            for day in Indicator(
                start_date=start, end_date=end, report_every_months=EVERY_MONTHS
            ).schedule_dates()
            if day <= dates.reported_until
        ]
        for day, value in zip(owed, spec.values, strict=False):
            title = f"Progress report for {month_label(day)} ({reference})"
            story.reports.append(
                Item(
                    key=(action.key[0], title),
                    fields={
                        "action": action.key[0],
                        "indicator": reference,
                        "due_date": (reference, day),
                        "title": title,
                        "body": report_body(rng, lead, status),
                        # Publishing applies it: the action's own status.
                        "proposed_status": status,
                        "measured_value": Decimal(value),
                    },
                    state=LIVE,
                )
            )
