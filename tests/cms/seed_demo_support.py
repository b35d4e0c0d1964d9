"""Helpers of the seed_demo tests: running the command, counting its rows."""

import io

from django.core.management import call_command
from wagtail.models import ModelLogEntry, Revision

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
REFUSAL = (
    "Refused: DEBUG is off and the demo creates 25 logins with the published "
    "password 'monitor-demo'; pass --allow-demo-logins-in-production only on a "
    "throwaway demo server."
)
MODERATED = (Recommendation, Action, Indicator, ProgressReport)


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()


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
