"""Cabinet's consideration of a reporting cycle: its target date and decision.

The process: the lead agency compiles the response to a cycle's
recommendations for Cabinet within a year of receiving them (the *Cabinet
target*, ``ReportingCycle.cabinet_target_date``), Cabinet decides, and the
Cabinet material is proactively released, subject to redactions. A
``CabinetDecision`` records that decision; each ``CabinetDocument`` is one
released document, public only when its flag says so.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

#: Months from receipt by which Cabinet should consider a cycle's response;
#: ``settings.MONITOR_CABINET_TARGET_MONTHS`` overrides it.
CABINET_TARGET_MONTHS = 12


def cabinet_target_months() -> int:
    return int(
        getattr(settings, "MONITOR_CABINET_TARGET_MONTHS", CABINET_TARGET_MONTHS)
    )


def cabinet_target_date(cycle) -> datetime.date | None:
    """When Cabinet should consider ``cycle``: its own ``cabinet_target_on``,
    else ``received_on`` plus the configured months; ``None`` without either."""
    if cycle.cabinet_target_on:
        return cycle.cabinet_target_on
    if cycle.received_on is None:
        return None
    return cycle.received_on + relativedelta(months=cabinet_target_months())


class CabinetDecision(ClusterableModel):
    """Cabinet's decision on the response to one reporting cycle.

    Recorded by the lead agency of the cycle's body
    (``workflows.actions.record_cabinet_decision``). The public sees it — the
    date, the minute reference and the documents flagged public — only once
    ``public`` is set; until then it is the lead agency's working record.
    """

    cycle = models.OneToOneField(
        "content_models.ReportingCycle",
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="cabinet_decision",
    )
    decided_on = models.DateField(_("decided on"))
    minute_reference = models.CharField(
        _("Cabinet minute reference"),
        max_length=100,
        help_text=_("e.g. CAB-26-MIN-0123."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What Cabinet agreed, in a few sentences."),
    )
    public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Show the decision and its public documents on the public cycle page "
            "and in the API."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("Cabinet decision")
        verbose_name_plural = _("Cabinet decisions")

    def __str__(self):
        return f"{self.cycle.code}: {self.minute_reference}"

    def public_documents(self):
        """The released documents the public may download."""
        return self.documents.filter(public=True).select_related("document")


class CabinetDocument(Orderable):
    """One document released with a Cabinet decision (the paper, the minute,
    the annex…), public only when ``public`` is set and the decision is."""

    decision = ParentalKey(
        CabinetDecision,
        verbose_name=_("Cabinet decision"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    # Deleting the file withdraws it from the decision.
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Released to the public (after any redactions)."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("released document")
        verbose_name_plural = _("released documents")

    def __str__(self):
        return str(self.document)
