"""Actions: what the government does in response to recommendations."""

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from ..querysets import ActionQuerySet
from .base import ModeratedContent
from .smart import SmartAssessed

ANNUAL_REPORT_MONTHS = 12


class ProgressStatus(models.TextChoices):
    IN_PREPARATION = "in_preparation", _("In preparation")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Action(SmartAssessed, ModeratedContent):
    """The government's response to one or more recommendations."""

    reference = models.CharField(_("reference"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    desired_outcome = models.TextField(_("desired outcome"), blank=True)
    recommendations = ParentalManyToManyField(
        "content_models.Recommendation",
        verbose_name=_("recommendations"),
        related_name="actions",
        blank=True,
    )
    lead_agency = models.ForeignKey(
        "content_models.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    responsible_agencies = ParentalManyToManyField(
        "content_models.Agency",
        verbose_name=_("responsible agencies"),
        related_name="actions",
        blank=True,
    )
    issues = ParentalManyToManyField(
        "content_models.HumanRightsIssue",
        verbose_name=_("human rights issues"),
        related_name="actions",
        blank=True,
    )
    affected_groups = ParentalManyToManyField(
        "content_models.AffectedGroup",
        verbose_name=_("affected groups"),
        related_name="actions",
        blank=True,
    )
    progress_status = models.CharField(
        _("progress status"),
        max_length=32,
        choices=ProgressStatus.choices,
        default=ProgressStatus.IN_PREPARATION,
    )
    smart_criteria = ParentalManyToManyField(
        "content_models.SmartCriterion",
        verbose_name=_("SMART criteria met"),
        related_name="actions",
        blank=True,
        help_text=_("Assessed by the lead agency; a letter not chosen is not met."),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_date_comment = models.CharField(
        _("target date comment"), max_length=255, blank=True
    )
    cabinet_reference = models.CharField(
        _("Cabinet reference"), max_length=100, blank=True
    )
    pre_existing = models.BooleanField(
        _("pre-existing"),
        default=False,
        help_text=_("Already on an agency's work programme."),
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return f"{self.reference} — {self.title}"

    def annual_due_date(self):
        """The next annual report date of an action without scheduled due dates.

        Counted 12 months from the last published progress report, or from the
        action's first publication when none has been published; ``None`` for an
        action that was never published.
        """
        last_report = (
            self.progress_reports.live()
            .exclude(first_published_at__isnull=True)
            .order_by("-first_published_at")
            .values_list("first_published_at", flat=True)
            .first()
        )
        base = last_report or self.first_published_at
        if base is None:
            return None
        local = timezone.localtime(base).date()
        return local + relativedelta(months=ANNUAL_REPORT_MONTHS)

    def has_scheduled_due_dates(self):
        return self.due_dates.filter(
            indicator__isnull=False, indicator__live=True
        ).exists()
