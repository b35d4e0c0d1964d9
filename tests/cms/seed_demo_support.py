"""Helpers of the seed_demo tests: running the command, counting its rows."""

import datetime
import io
import zoneinfo

from django.core.management import call_command
from wagtail.models import ModelLogEntry, Revision

from cms.demo.management.commands.serve_demo import Command as ServeDemo
from content_models.models import (
    Action,
    Agency,
    Country,
    DueDate,
    HumanRightsBody,
    Indicator,
    ProgressReport,
    Recommendation,
    ReportingCycle,
)

UNSAFE_FLAG = "--allow-demo-logins-in-production"
NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
# The demo day of these tests: 10:00 on 6 December 2026 in New Zealand.
DEMO_DAY = datetime.date(2026, 12, 6)
DEMO_NOW = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=NZ)
REFUSAL = (
    "Refused: DEBUG is off and the demo creates 25 logins with the published "
    "password 'monitor-demo'; pass --allow-demo-logins-in-production only on a "
    "throwaway demo server."
)
MODERATED = (Recommendation, Action, Indicator, ProgressReport)

DEMO_SUMMARY = [
    "taxonomy values: 364 created, 0 updated",
    "cycles: 7 created, 1 existing",
    "body lead agencies: 11 created, 0 existing",
    "recommendations: 164 created, 0 existing",
    "actions: 60 created, 0 existing",
    "indicators: 122 created, 0 existing",
    "due dates: 529 created, 0 existing",
    "progress reports: 37 created, 0 existing",
    "demo users: 25 created, 0 existing",
    "items submitted for approval: 4 created, 0 existing",
    "recommendations under consideration: 12 created, 0 existing",
    "response requests: 22 created, 0 existing",
    "responses proposed: 6 created, 0 existing",
    "feedback: 4 created, 0 existing",
]
# A later run, any day: the story of the demo day is written already.
SECOND_RUN_SUMMARY = [
    "taxonomy values: 0 created, 0 updated",
    "The demo of 6 Dec 2026 is up to date.",
]


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()


def serve_demo_command():
    command = ServeDemo(stdout=io.StringIO())
    command.protocol, command.addr = "http", "127.0.0.1"
    return command


def counts():
    """Rows of every table the command writes, through tables included."""
    values = {
        model.__name__: model.objects.count()
        for model in (
            *MODERATED,
            DueDate,
            ReportingCycle,
            Agency,
            HumanRightsBody,
            Country,
            Revision,
            ModelLogEntry,
        )
    }
    for model in MODERATED:
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            values[f"{model.__name__}.{field.name}"] = through.objects.count()
    values["bodies with a lead agency"] = HumanRightsBody.objects.filter(
        lead_agency__isnull=False
    ).count()
    return values


def snapshot():
    """Every column of every demo row: equal snapshots mean nothing changed."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (*MODERATED, DueDate, ReportingCycle, HumanRightsBody)
    }


def states(model):
    """(live, drafts, live with unpublished changes)."""
    return (
        model.objects.live().count(),
        model.objects.drafts().count(),
        model.objects.live().with_unpublished_changes().count(),
    )


def find(model, key):
    if model is Recommendation:
        return Recommendation.objects.get(cycle__code=key[0], reference=key[1])
    if model is ProgressReport:
        return ProgressReport.objects.get(action__reference=key[0], title=key[1])
    return model.objects.get(reference=key[0])


def scale_counts():
    return (
        Recommendation.objects.filter(reference__startswith="SCALE-R-").count(),
        Action.objects.filter(reference__startswith="SCALE-A-").count(),
        Indicator.objects.filter(reference__startswith="SCALE-I-").count(),
    )


def scale_fingerprint():
    """What the synthetic rows say, independent of primary keys."""
    recommendations = [
        (
            rec.reference,
            rec.cycle.code,
            rec.text,
            rec.live,
            rec.upr_response,
            rec.follow_up,
            sorted(rec.issues.values_list("slug", flat=True)),
            sorted(rec.recommending_states.values_list("code", flat=True)),
        )
        for rec in Recommendation.objects.filter(reference__startswith="SCALE-R-")
    ]
    actions = [
        (
            action.reference,
            action.title,
            action.lead_agency.code,
            action.progress_status,
            action.live,
            sorted(action.recommendations.values_list("reference", flat=True)),
            sorted(action.smart_criteria.values_list("letter", flat=True)),
        )
        for action in Action.objects.filter(reference__startswith="SCALE-A-")
    ]
    indicators = [
        (
            indicator.reference,
            indicator.action.reference,
            indicator.title,
            indicator.start_date,
            indicator.end_date,
            indicator.report_every_months,
            indicator.live,
            list(indicator.due_dates.order_by("date").values_list("date", flat=True)),
        )
        for indicator in Indicator.objects.filter(reference__startswith="SCALE-I-")
    ]
    return recommendations, actions, indicators


def delete_scale_rows():
    DueDate.objects.filter(indicator__reference__startswith="SCALE-I-").delete()
    Indicator.objects.filter(reference__startswith="SCALE-I-").delete()
    Action.objects.filter(reference__startswith="SCALE-A-").delete()
    Recommendation.objects.filter(reference__startswith="SCALE-R-").delete()
