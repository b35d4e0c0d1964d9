"""Indicators of actions and the due dates their schedules generate."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from ..querysets import DueDateQuerySet, IndicatorQuerySet
from .base import ModeratedContent
from .measures import MeasuredIndicator
from .smart import SmartAssessed

# A repeating schedule without an end date is generated this far ahead.
OPEN_ENDED_SCHEDULE_YEARS = 5


class Indicator(MeasuredIndicator, SmartAssessed, ModeratedContent):
    """A SMART process step, key deliverable or progress indicator of an action."""

    class Kind(models.TextChoices):
        PROCESS_STEP = "process_step", _("Process step")
        KEY_DELIVERABLE = "key_deliverable", _("Key deliverable")
        PROGRESS_INDICATOR = "progress_indicator", _("Progress indicator")

    class ReportEvery(models.IntegerChoices):
        MONTH = 1, _("Every month")
        QUARTER = 3, _("Every 3 months")
        HALF_YEAR = 6, _("Every 6 months")
        YEAR = 12, _("Every 12 months")

    reference = models.CharField(_("reference"), max_length=64, unique=True)
    action = models.ForeignKey(
        "content_models.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.PROCESS_STEP
    )
    responsible_agency = models.ForeignKey(
        "content_models.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    report_every_months = models.PositiveSmallIntegerField(
        _("report every"),
        choices=ReportEvery.choices,
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for a one-off indicator: one report at its end date "
            "(or start date when it has no end)."
        ),
    )
    smart_criteria = ParentalManyToManyField(
        "content_models.SmartCriterion",
        verbose_name=_("SMART criteria"),
        related_name="indicators",
        blank=True,
        help_text=_("The letters the lead agency tagged this indicator with."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="indicator_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )
        if self.report_every_months and not self.start_date:
            raise ValidationError(
                {"start_date": _("A repeating schedule needs a start date.")}
            )
        errors = self.measure_errors()
        if errors:
            raise ValidationError(errors)

    def schedule_dates(self) -> list[datetime.date]:
        """The dates progress reports are owed on, from the schedule fields.

        - one-off (no interval): the end date, else the start date, else none;
        - repeating: every N months after the start date up to the end date,
          plus the end date itself as the final report; without an end date,
          ``OPEN_ENDED_SCHEDULE_YEARS`` years ahead of the start.
        """
        if not self.report_every_months:
            day = self.end_date or self.start_date
            return [day] if day else []
        if not self.start_date:
            return []
        last = self.end_date or self.start_date + relativedelta(
            years=OPEN_ENDED_SCHEDULE_YEARS
        )
        dates = []
        step = 1
        while True:
            day = self.start_date + relativedelta(
                months=self.report_every_months * step
            )
            if day > last:
                break
            dates.append(day)
            step += 1
        if self.end_date and (not dates or dates[-1] != self.end_date):
            dates.append(self.end_date)
        return dates


class DueDate(models.Model):
    """A date on which a progress report is owed for an action.

    Generated from a live indicator's schedule (``indicator`` set); reported
    once a published progress report points at it.
    """

    action = models.ForeignKey(
        "content_models.Action",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="due_dates",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_dates",
    )
    date = models.DateField(_("date"), db_index=True)

    objects = DueDateQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("due date")
        verbose_name_plural = _("due dates")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=Q(indicator__isnull=False),
                name="due_date_unique_per_indicator",
            ),
            models.UniqueConstraint(
                fields=["action", "date"],
                condition=Q(indicator__isnull=True),
                name="due_date_unique_per_unscheduled_action",
            ),
        ]

    def __str__(self):
        owner = self.indicator.reference if self.indicator_id else self.action.reference
        return f"{owner} due {self.date.isoformat()}"
