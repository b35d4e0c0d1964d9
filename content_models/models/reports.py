"""Progress reports agencies file on actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from ..querysets import ProgressReportQuerySet
from .actions import ProgressStatus
from .base import ModeratedContent


class ProgressReport(ModeratedContent):
    """A report on an action's progress, optionally answering a due date."""

    action = models.ForeignKey(
        "content_models.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    indicator = models.ForeignKey(
        "content_models.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    due_date = models.ForeignKey(
        "content_models.DueDate",
        verbose_name=_("due date"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports",
        help_text=_("Leave empty for an unscheduled report."),
    )
    title = models.CharField(_("title"), max_length=255)
    body = RichTextField(_("report"), blank=True)
    proposed_status = models.CharField(
        _("proposed progress status"),
        max_length=32,
        choices=ProgressStatus.choices,
        blank=True,
        help_text=_("Applied to the action when this report is published."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document_public = models.BooleanField(
        _("document is public"),
        default=False,
        help_text=_("Publish the attached document with the report."),
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.action.reference}: {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if self.indicator_id and self.action_id:
            if self.indicator.action_id != self.action_id:
                errors["indicator"] = _("This indicator belongs to another action.")
        if self.due_date_id and self.action_id:
            if self.due_date.action_id != self.action_id:
                errors["due_date"] = _("This due date belongs to another action.")
        if errors:
            raise ValidationError(errors)
