"""Write the demo story through Wagtail, creating only what is missing.

Objects are created the way the admin creates them: saved as a draft with a
first revision, then published through that revision (which fires Wagtail's
``published`` signal, so live indicators get their due dates). Drafts stop after
the first revision; objects with unpublished changes get a second revision that
is not published. Existing objects, found by natural key, are left alone.
"""

from collections import defaultdict

from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from content_models.models import (
    Action,
    DueDate,
    HumanRightsBody,
    Indicator,
    ProgressReport,
    Recommendation,
    ReportingCycle,
)

from .common import CHANGED, DRAFT, SeedSummary, Taxonomy
from .recommendations import BODY_LEAD_AGENCIES, Item
from .story import Story

# Foreign key field → the lookup its natural key resolves in.
FOREIGN_KEYS = {
    Recommendation: {"cycle": "cycles"},
    Action: {"lead_agency": "agencies"},
    Indicator: {"action": "actions", "responsible_agency": "agencies"},
    ProgressReport: {
        "action": "actions",
        "indicator": "indicators",
        "due_date": "due_dates",
    },
}


def create_through_wagtail(model, fields: dict, relations: dict, item: Item):
    """Create one moderated object in ``item.state``; return the saved row."""
    obj = model(**fields, live=False)
    for name, values in relations.items():
        getattr(obj, name).set(values)
    obj.save()
    revision = obj.save_revision()
    if item.state == DRAFT:
        return obj
    revision.publish()
    obj = model.objects.get(pk=obj.pk)
    if item.state == CHANGED:
        for name, value in item.change.items():
            setattr(obj, name, value)
        obj.save_revision()
    return obj


class StoryWriter:
    """Resolves natural keys and writes each kind of object in dependency order."""

    def __init__(self, taxonomy: Taxonomy, summary: SeedSummary):
        self.taxonomy = taxonomy
        self.summary = summary
        self.sources = taxonomy.sources()
        self.lookups = {"agencies": taxonomy.agencies}
        self.created: list = []

    def write(self, story: Story) -> None:
        self.lookups["cycles"] = self.ensure_cycles(story.cycles)
        self.ensure_lead_agencies()
        # Creating and publishing one object saves it three times, and each
        # save refreshes its entries in Wagtail's reference index (usage
        # counts): refresh them once per object at the end instead (the
        # caller's transaction leaves nothing behind if writing fails).
        with disable_reference_index_auto_update():
            self.write_content(story)
        self.index_references()

    def write_content(self, story: Story) -> None:
        codes = [spec.code for spec in story.cycles]
        self.sources["recommendations"] = self.lookups["recommendations"] = {
            (rec.cycle.code, rec.reference): rec
            for rec in self.write_items(
                "recommendations",
                Recommendation,
                story.recommendations,
                Recommendation.objects.filter(cycle__code__in=codes).select_related(
                    "cycle"
                ),
                lambda rec: (rec.cycle.code, rec.reference),
            )
        }
        self.lookups["actions"] = {
            action.reference: action
            for action in self.write_items(
                "actions",
                Action,
                story.actions,
                Action.objects.filter(reference__in=[a.key[0] for a in story.actions]),
                lambda action: (action.reference,),
            )
        }
        references = [indicator.key[0] for indicator in story.indicators]
        due_dates = DueDate.objects.filter(indicator__reference__in=references)
        before = due_dates.count()
        self.lookups["indicators"] = {
            indicator.reference: indicator
            for indicator in self.write_items(
                "indicators",
                Indicator,
                story.indicators,
                Indicator.objects.filter(reference__in=references),
                lambda indicator: (indicator.reference,),
            )
        }
        self.lookups["due_dates"] = {
            (due.indicator.reference, due.date): due
            for due in due_dates.select_related("indicator")
        }
        self.summary.add(
            "due dates", created=due_dates.count() - before, existing=before
        )
        # A demo written before its indicators were measured keeps them as
        # they are (existing objects are left alone): a value on one of them
        # would have no unit, so its measured reports are not added.
        reports = [
            report
            for report in story.reports
            if report.fields.get("measured_value") is None
            or self.lookups["indicators"][report.fields["indicator"]].unit
        ]
        self.write_items(
            "progress reports",
            ProgressReport,
            reports,
            ProgressReport.objects.filter(
                action__reference__in=self.lookups["actions"]
            ).select_related("action"),
            lambda report: (report.action.reference, report.title),
        )

    def index_references(self) -> None:
        """Refresh the reference index of every created object, as it is now."""
        by_model = defaultdict(list)
        for obj in self.created:
            by_model[type(obj)].append(obj.pk)
        for model, pks in by_model.items():
            for row in model._default_manager.filter(pk__in=pks):
                ReferenceIndex.create_or_update_for_object(row)

    def write_items(self, label, model, items, queryset, key_of) -> list:
        """Create the missing ``items``; return every row of the story's keys."""
        rows = {key_of(row): row for row in queryset}
        created = 0
        for item in items:
            if item.key in rows:
                continue
            fields = dict(item.fields)
            for name, source in FOREIGN_KEYS[model].items():
                if fields.get(name) is not None:
                    fields[name] = self.lookups[source].get(fields[name])
            relations = {
                name: [self.sources[name][key] for key in keys]
                for name, keys in item.relations.items()
            }
            if "smart_criteria" in relations:
                # Assessed when seeded; by no one in particular.
                fields["smart_assessed_at"] = timezone.now()
            rows[item.key] = create_through_wagtail(model, fields, relations, item)
            self.created.append(rows[item.key])
            created += 1
        self.summary.add(label, created=created, existing=len(items) - created)
        return [rows[item.key] for item in items]

    def ensure_cycles(self, specs) -> dict[str, ReportingCycle]:
        """Create the demo cycles; complete blank dates of existing ones."""
        cycles = {}
        created = 0
        for spec in specs:
            values = {
                "received_on": spec.received_on,
                "document_symbol": spec.document_symbol,
                "follow_up_due_on": spec.follow_up_due_on,
            }
            cycle = ReportingCycle.objects.filter(code=spec.code).first()
            if cycle is None:
                cycle = ReportingCycle.objects.create(
                    code=spec.code,
                    name=spec.name,
                    body=self.taxonomy.bodies[spec.body],
                    **values,
                )
                created += 1
            else:
                # The preset creates UPR-2024 without dates; fill blanks only.
                blank = [name for name in values if not getattr(cycle, name)]
                for name in blank:
                    setattr(cycle, name, values[name])
                if blank:
                    cycle.save(update_fields=blank)
            cycles[spec.code] = cycle
        self.summary.add("cycles", created=created, existing=len(specs) - created)
        return cycles

    def ensure_lead_agencies(self) -> None:
        """Give each body its coordinating agency unless one is already set."""
        missing = HumanRightsBody.objects.filter(
            code__in=BODY_LEAD_AGENCIES, lead_agency__isnull=True
        )
        count = 0
        for body in missing:
            body.lead_agency = self.taxonomy.agencies[BODY_LEAD_AGENCIES[body.code]]
            body.save(update_fields=["lead_agency"])
            count += 1
        self.summary.add(
            "body lead agencies",
            created=count,
            existing=len(BODY_LEAD_AGENCIES) - count,
        )
