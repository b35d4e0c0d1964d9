"""Import runs (the audit trail of every import) and the UHRI mapping table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    RECOMMENDATIONS = "recommendations", _("Recommendations")
    ACTIONS = "actions", _("Actions")
    INDICATORS = "indicators", _("Indicators")
    UHRI = "uhri", _("Universal Human Rights Index export")


class ImportRun(models.Model):
    """One import of one file: who, when, what, and what came of it.

    A run is checked first (a dry run, or the preview in the admin) and written
    when confirmed; nothing is written unless every row is valid.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to run")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked, nothing written")
        FAILED = "failed", _("Refused, nothing written")
        DONE = "done", _("Imported")

    class Origin(models.TextChoices):
        ADMIN = "admin", _("Admin upload")
        COMMAND = "command", _("Command line")

    kind = models.CharField(_("kind"), max_length=32, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.ADMIN
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    read_as = models.CharField(
        _("read as"),
        max_length=200,
        blank=True,
        help_text=_("How the file was read, e.g. CSV (cp1252, semicolon-separated)."),
    )
    publish = models.BooleanField(
        _("publish"),
        default=False,
        help_text=_("Publish the imported objects instead of saving drafts."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"),
        null=True,
        blank=True,
        help_text=_("When the running import last showed it was alive."),
    )
    attempt = models.PositiveIntegerField(
        _("attempt"),
        default=0,
        help_text=_(
            "How many times the run was started; only the latest start may "
            "record its progress and its result."
        ),
    )
    dry_run = models.BooleanField(
        _("check only"),
        default=False,
        help_text=_("Whether the latest start only checked the file."),
    )
    retryable = models.BooleanField(
        _("may run again"),
        default=False,
        help_text=_(
            "The run stopped for a reason other than its file (its worker "
            "stopped, the database refused) and may run again from the same upload."
        ),
    )
    written = models.BooleanField(
        _("written"),
        default=False,
        help_text=_("Whether this run wrote to the database (not a dry run)."),
    )
    phase = models.CharField(_("phase"), max_length=32, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("data rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    published_count = models.PositiveIntegerField(_("published"), default=0)
    held_count = models.PositiveIntegerField(
        _("kept for Cabinet"),
        default=0,
        help_text=_(
            "Objects the import was asked to publish and kept as drafts: their "
            "cycle awaits Cabinet's decision."
        ),
    )
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text=_("[{row, column, message}], the first errors of a refused file."),
    )
    preview = models.JSONField(
        _("preview"),
        default=list,
        blank=True,
        help_text=_("The first rows and what the import does with each."),
    )
    log_uuid = models.UUIDField(
        _("log entry group"),
        null=True,
        blank=True,
        help_text=_("Groups the history entries this import wrote."),
    )
    task_id = models.CharField(_("background task"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.file_name or self.pk}"

    @property
    def is_finished(self):
        return self.status in {
            self.Status.CHECKED,
            self.Status.FAILED,
            self.Status.DONE,
        }

    def summary(self) -> str:
        """One line: ``3 created, 1 updated, 12 unchanged`` (and what else)."""
        if self.status == self.Status.FAILED:
            return _("%(count)d errors; nothing written") % {"count": self.error_count}
        parts = [
            _("%(count)d created") % {"count": self.created_count},
            _("%(count)d updated") % {"count": self.updated_count},
            _("%(count)d unchanged") % {"count": self.unchanged_count},
        ]
        if self.published_count:
            parts.append(_("%(count)d published") % {"count": self.published_count})
        if self.held_count:
            parts.append(
                _("%(count)d kept as drafts: the cycle awaits Cabinet's decision")
                % {"count": self.held_count}
            )
        if self.skipped_count:
            parts.append(_("%(count)d skipped") % {"count": self.skipped_count})
        return ", ".join(str(part) for part in parts)


class UhriMapping(models.Model):
    """What a theme or affected-persons label of the UHRI export stands for here.

    A label without issues or affected groups is deliberately ignored. Labels
    with no mapping at all are matched against the names of the Monitor's own
    issues and affected groups; a label that matches nothing stops the import
    and asks for a mapping.
    """

    label = models.CharField(
        _("UHRI label"),
        max_length=255,
        unique=True,
        help_text=_(
            "A value of the Themes or Affected Persons column of the UHRI export, "
            "without the leading dash, e.g. Equality & non-discrimination."
        ),
    )
    issues = models.ManyToManyField(
        "content_models.HumanRightsIssue",
        verbose_name=_("human rights issues"),
        blank=True,
        related_name="+",
    )
    affected_groups = models.ManyToManyField(
        "content_models.AffectedGroup",
        verbose_name=_("affected groups"),
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["label"]
        verbose_name = _("UHRI mapping")
        verbose_name_plural = _("UHRI mappings")

    def __str__(self):
        return self.label
