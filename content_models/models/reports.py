"""Progress reports agencies file on actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from ..querysets import ProgressReportQuerySet
from .actions import ProgressStatus
from .base import ModeratedContent
from .measures import MeasuredReport


class ProgressReport(MeasuredReport, ModeratedContent):
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
        errors.update(self.measure_errors())
        if errors:
            raise ValidationError(errors)

    def has_content(self) -> bool:
        """Whether there is something to read: words in the body, or a document
        published with the report. A report with neither says nothing."""
        words = strip_tags(self.body or "").replace("&nbsp;", " ").strip()
        return bool(words) or bool(self.document_id and self.document_public)

    def clean_for_publication(self):
        """Refuse a report without content from review and publication.

        Not part of ``clean()``: a draft may be saved empty while it is being
        written. Every path that submits, approves or publishes a report asks
        this (the admin form, the approval task, ``publish`` itself and
        ``workflows.actions``).
        """
        if not self.has_content():
            raise ValidationError({"body": MISSING_CONTENT_MESSAGE})

    def publish(self, revision, *args, **kwargs):
        # The last guard of every way to publish (the edit view, approval,
        # batch actions, the shell): the revision's content must say something.
        revision.as_object().clean_for_publication()
        return super().publish(revision, *args, **kwargs)


MISSING_CONTENT_MESSAGE = _(
    "A progress report needs a report or a public document: write the report "
    "here, or attach a document on the Document tab and tick \u201cdocument is "
    "public\u201d, before submitting or publishing it."
)
