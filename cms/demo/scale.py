"""Synthetic bulk data for benchmarks: N recommendations, N actions, 2N indicators.

Rows are inserted with ``bulk_create``, their many-to-many through rows and due
dates with plain multi-row INSERTs, instead of going through Wagtail: no
revisions, no publish signals (the full-text index follows the rows through
its database triggers). Live rows get ``live``, ``first_published_at`` and
``last_published_at`` directly. Row ``i`` is drawn
from ``Random("…-i")``, so the same index always gives the same data, and
references (``SCALE-R-000001``, ``SCALE-A-…``, ``SCALE-I-…``) make a run create
only the rows still missing.

The synthetic cycles are dated before the demo's, so the demo cycles stay the
current ones of their bodies.
"""

import datetime
import random
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta
from django.db import connection

from content_models.models import (
    MAX_FOLLOW_UPS_PER_CYCLE,
    Action,
    DueDate,
    Indicator,
    Recommendation,
    ReportingCycle,
)

from .common import SMART_LETTERS, SeedSummary, Taxonomy, random_schedule
from .recommendations import UPR_RESPONSES
from .story import STATUSES
from .texts import (
    RECOMMENDING_STATES,
    REGIONS,
    indicator_titles,
    recommendation_text,
)
from .topics import TOPICS

# Synthetic rows are for benchmarks, not for reading: fixed dates, so that a
# benchmark does the same work whatever day it runs.
TARGET_DATES = tuple(
    datetime.date(2025, 6, 30) + relativedelta(months=3 * step, day=31)
    for step in range(11)
)

BATCH_SIZE = 2000
SCALE_CYCLES = (
    ("UPR", datetime.date(2009, 5, 4)),
    ("CAT", datetime.date(2009, 5, 15)),
    ("CERD", datetime.date(2013, 8, 23)),
    ("CRC", datetime.date(2011, 2, 4)),
    ("CRPD", datetime.date(2014, 9, 19)),
)
PUBLISHED_AT = datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC)


PREFIXES = {Recommendation: "SCALE-R-", Action: "SCALE-A-", Indicator: "SCALE-I-"}


def reference(model, index: int) -> str:
    """The synthetic reference of row ``index`` (1-based) of ``model``."""
    return f"{PREFIXES[model]}{index:06d}"


def _batches(values: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _some(rng: random.Random, values: list, low: int, high: int) -> list:
    return rng.sample(values, k=rng.randint(low, min(high, len(values))))


def _published(rng: random.Random, index: int, chance: float) -> dict:
    if rng.random() >= chance:
        return {"live": False, "has_unpublished_changes": True}
    moment = PUBLISHED_AT + datetime.timedelta(minutes=index)
    return {
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": moment,
        "last_published_at": moment,
    }


def insert_values(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Multi-row INSERTs of plain column values into ``model``'s table.

    ``bulk_create`` without a model instance per row: through rows and due
    dates are most of a scale run's rows, and building and compiling an instance
    for each of them took longer than inserting them.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    limit = connection.features.max_query_params
    size = min(BATCH_SIZE, limit // len(columns)) if limit else BATCH_SIZE
    with connection.cursor() as cursor:
        for batch in _batches(rows, size):
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
                f"VALUES {', '.join([placeholders] * len(batch))}",
                [value for row in batch for value in row],
            )


class ScaleGenerator:
    """Bulk-inserts the missing synthetic rows of ``count`` recommendations."""

    def __init__(self, count: int, taxonomy: Taxonomy, summary: SeedSummary):
        self.count = count
        self.summary = summary
        # Sorted by natural key so that draws do not depend on primary keys.
        self.issues = [item.pk for _, item in sorted(taxonomy.issues.items())]
        self.issue_by_name = {name: item.pk for name, item in taxonomy.issues.items()}
        self.groups = [item.pk for _, item in sorted(taxonomy.groups.items())]
        self.sdgs = [item.pk for _, item in sorted(taxonomy.sdgs.items())]
        self.agencies = [item.pk for _, item in sorted(taxonomy.agencies.items())]
        self.smart = [taxonomy.smart[letter].pk for letter in SMART_LETTERS]
        self.states = [taxonomy.countries[code].pk for code in RECOMMENDING_STATES]
        self.bodies = taxonomy.bodies

    def run(self) -> None:
        self.cycles = self.ensure_cycles()
        self.insert("scale recommendations", Recommendation, self.recommendation)
        self.recommendation_ids = self.ids(Recommendation)
        self.insert("scale actions", Action, self.action)
        self.action_rows = {
            row[0]: row[1:]
            for row in Action.objects.filter(
                reference__startswith=PREFIXES[Action]
            ).values_list("reference", "pk", "live")
        }
        due_dates = DueDate.objects.filter(
            indicator__reference__startswith=PREFIXES[Indicator]
        )
        existing = due_dates.count()
        created = self.insert("scale indicators", Indicator, self.indicator, per=2)
        self.summary.add("scale due dates", created=created, existing=existing)

    def ensure_cycles(self) -> list[ReportingCycle]:
        cycles, created = [], 0
        for body, received_on in SCALE_CYCLES:
            cycle, new = ReportingCycle.objects.get_or_create(
                code=f"SCALE-{body}-1",
                defaults={
                    "body": self.bodies[body],
                    "name": f"Synthetic {body} cycle (benchmark data)",
                    "received_on": received_on,
                    "document_symbol": f"SCALE/{body}/1",
                },
            )
            cycles.append(cycle)
            created += new
        self.summary.add(
            "scale cycles", created=created, existing=len(SCALE_CYCLES) - created
        )
        return cycles

    def ids(self, model) -> dict[str, int]:
        """Reference → primary key of the synthetic rows of ``model``."""
        return dict(
            model.objects.filter(reference__startswith=PREFIXES[model]).values_list(
                "reference", "pk"
            )
        )

    def insert(self, label, model, build, per: int = 1) -> int:
        """Create the missing rows among ``per × count``; return due dates made."""
        total = per * self.count
        existing = set(self.ids(model))
        missing = [
            index
            for index in range(1, total + 1)
            if reference(model, index) not in existing
        ]
        due_dates = 0
        for batch in _batches(missing):
            rows, links = zip(*(build(index) for index in batch), strict=True)
            model.objects.bulk_create(rows)
            for name in links[0]:
                field = model._meta.get_field(name)
                insert_values(
                    field.remote_field.through,
                    (field.m2m_column_name(), field.m2m_reverse_name()),
                    [
                        (row.pk, value)
                        for row, link in zip(rows, links, strict=True)
                        for value in link[name]
                    ],
                )
            if model is Indicator:
                due_dates += self.insert_due_dates(rows)
        self.summary.add(label, created=len(missing), existing=total - len(missing))
        return due_dates

    def insert_due_dates(self, indicators) -> int:
        adapt = connection.ops.adapt_datefield_value
        rows = [
            (indicator.action_id, indicator.pk, adapt(day))
            for indicator in indicators
            if indicator.live
            for day in indicator.schedule_dates()
        ]
        insert_values(DueDate, ("action_id", "indicator_id", "date"), rows)
        return len(rows)

    def recommendation(self, index: int):
        rng = random.Random(f"scale-recommendation-{index}")
        cycle = self.cycles[(index - 1) % len(self.cycles)]
        upr = cycle.code == "SCALE-UPR-1"
        topic = rng.choice(TOPICS)
        short, clause = rng.choice(topic.clauses)
        fields = {
            "cycle": cycle,
            "reference": reference(Recommendation, index),
            "title": short,
            "text": recommendation_text(rng, clause, upr=upr),
            "document_symbol": cycle.document_symbol,
            "prioritised": rng.random() < 0.1,
            **_published(rng, index, 0.95),
        }
        links = {
            "issues": sorted(
                {self.issue_by_name[topic.issues[0]], *_some(rng, self.issues, 0, 2)}
            ),
            "affected_groups": _some(rng, self.groups, 0, 2),
            "sdgs": _some(rng, self.sdgs, 0, 2),
            "responsible_agencies": _some(rng, self.agencies, 1, 2),
            "recommending_states": _some(rng, self.states, 1, 3) if upr else [],
        }
        if upr:
            fields["upr_response"] = rng.choices(UPR_RESPONSES, weights=(13, 3, 4))[0]
        elif (index - 1) // len(self.cycles) < MAX_FOLLOW_UPS_PER_CYCLE:
            fields["follow_up"] = True
            fields["follow_up_grade"] = rng.choice("ABBCD ").strip()
        return Recommendation(**fields), links

    def action(self, index: int):
        rng = random.Random(f"scale-action-{index}")
        topic = rng.choice(TOPICS)
        title, _lead = rng.choice(topic.actions)
        linked = {index, *(rng.randint(1, index) for _ in range(rng.randint(0, 2)))}
        agencies = _some(rng, self.agencies, 1, 3)
        action = Action(
            reference=reference(Action, index),
            title=f"{title} — {rng.choice(REGIONS)}",
            desired_outcome=topic.outcome,
            lead_agency_id=agencies[0],
            progress_status=rng.choice(STATUSES),
            target_date=rng.choice(TARGET_DATES),
            pre_existing=rng.random() < 0.3,
            **_published(rng, index, 0.92),
        )
        return action, {
            "recommendations": sorted(
                self.recommendation_ids[reference(Recommendation, number)]
                for number in linked
            ),
            "responsible_agencies": agencies,
            "issues": _some(rng, self.issues, 1, 3),
            "affected_groups": _some(rng, self.groups, 0, 2),
            "smart_criteria": _some(rng, self.smart, 0, 5),
        }

    def indicator(self, index: int):
        rng = random.Random(f"scale-indicator-{index}")
        action_id, action_live = self.action_rows[reference(Action, (index + 1) // 2)]
        topic = rng.choice(TOPICS)
        action_title = rng.choice(topic.actions)[0]
        [(kind, title)] = indicator_titles(rng, 1, topic, action_title)
        published = _published(rng, index, 0.95 if action_live else 0.0)
        indicator = Indicator(
            reference=reference(Indicator, index),
            action_id=action_id,
            title=title,
            kind=kind,
            responsible_agency_id=rng.choice(self.agencies),
            **random_schedule(rng),
            **published,
        )
        return indicator, {"smart_criteria": _some(rng, self.smart, 0, 5)}


def generate(count: int, *, taxonomy: Taxonomy, summary: SeedSummary) -> None:
    """Create whatever is missing of the first ``count`` synthetic rows."""
    ScaleGenerator(count, taxonomy, summary).run()
