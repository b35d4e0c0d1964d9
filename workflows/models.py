"""The lead-agency approval task of the Monitor's workflow, and the reminder log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from . import roles, scoping

REQUEST_CHANGES_LABEL = _("Send back with comments")
APPROVE_LABEL = _("Approve and publish")
APPROVE_WITH_COMMENT_LABEL = _("Approve and publish with comment")
# While the item's cycle is before Cabinet, approving does not publish it.
APPROVE_FOR_CABINET_LABEL = _("Approve for Cabinet")
APPROVE_FOR_CABINET_WITH_COMMENT_LABEL = _("Approve for Cabinet with comment")


def require_content(obj) -> None:
    """Raise ``ValidationError`` when ``obj`` may not go to review or be
    published for lack of content (a progress report with neither a report
    nor a public document); other content has no such rule."""
    check = getattr(obj, "clean_for_publication", None)
    if check is not None:
        check()


class LeadAgencyApprovalTask(Task):
    """Approval by the lead agency managers of the item's human-rights body.

    Unlike Wagtail's group approval, the approvers depend on the item: a
    manager of the Ministry of Justice approves UPR content, not CRPD content.
    Administrators may approve everything.
    """

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("lead agency approval task")
        verbose_name_plural = _("lead agency approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Lead agency managers of the body the item belongs to approve and "
            "publish it."
        )

    def user_can_approve(self, obj, user) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        model = type(obj)
        codename = f"{model._meta.app_label}.publish_{model._meta.model_name}"
        if not user.has_perm(codename):
            return False
        if roles.is_administrator(user):
            return True
        return roles.is_lead_agency_manager(user) and bool(
            scoping.lead_agency_ids_of(obj) & roles.agency_ids(user)
        )

    def user_can_access_editor(self, obj, user):
        return self.user_can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        # The labels say what happens; the admin's action menu shows them as
        # they are (``cms.admin.moderation`` drops Wagtail's " and Publish").
        if self.user_can_approve(obj, user):
            from .actions.approval import is_held

            held = is_held(obj)
            return [
                ("reject", REQUEST_CHANGES_LABEL, True),
                (
                    "approve",
                    APPROVE_FOR_CABINET_LABEL if held else APPROVE_LABEL,
                    False,
                ),
                (
                    "approve",
                    APPROVE_FOR_CABINET_WITH_COMMENT_LABEL
                    if held
                    else APPROVE_WITH_COMMENT_LABEL,
                    True,
                ),
            ]
        return []

    def start(self, workflow_state, user=None):
        """Submitting (and resubmitting) asks for content first."""
        require_content(workflow_state.content_object.get_latest_revision_as_object())
        return super().start(workflow_state, user=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if not self.user_can_approve(obj, user):
            raise PermissionDenied(
                _("Only the lead agency managers of this body may review it.")
            )
        if action_name == "approve":
            require_content(obj.get_latest_revision_as_object())
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if roles.is_administrator(user):
            return states
        if not roles.is_lead_agency_manager(user):
            return TaskState.objects.none()
        agencies = roles.agency_ids(user)
        condition = Q(pk__in=[])
        for model in scoping.SCOPED_MODELS:
            content_type = ContentType.objects.get_for_model(model)
            # Workflow states keep object ids as text.
            ids = (
                model._default_manager.filter(scoping.managed_filter(model, agencies))
                .annotate(text_pk=Cast("pk", CharField()))
                .values("text_pk")
            )
            condition |= Q(
                workflow_state__base_content_type=content_type,
                workflow_state__object_id__in=ids,
            )
        return states.filter(condition)


class Reminder(models.Model):
    """One line of a reminder e-mail: a rule told a recipient about an object.

    The log is also the lock: a row is recorded *before* its message is sent,
    and the unique constraint on (rule, object, recipient, period) means a
    second run — or a second worker at the same moment — cannot record it
    again, so it cannot send it again (see ``workflows.reminders.delivery``).
    Each row belongs to the ``ReminderMessage`` (the e-mail) that carries it,
    which says who the recipient is and whether it was sent.
    """

    class Rule(models.TextChoices):
        DUE_SOON = "due_soon", _("Report due soon")
        OVERDUE = "overdue", _("Report overdue")
        ESCALATION = "escalation", _("Overdue report escalated")
        AWAITING_APPROVAL = "awaiting_approval", _("Reports awaiting approval")
        REVISIT = "revisit", _("Recommendations to revisit")
        FOLLOW_UP_DEADLINE = "follow_up_deadline", _("Follow-up report deadline")
        CABINET_TARGET = "cabinet_target", _("Cabinet target")
        RESPONSE_REQUESTED = "response_requested", _("Response asked of an agency")

    message = models.ForeignKey(
        "workflows.ReminderMessage",
        verbose_name=_("message"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    rule = models.CharField(_("rule"), max_length=32, choices=Rule.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.CASCADE,
        related_name="+",
        # The unique constraint serves the lookups; one index fewer to keep
        # up on a busy day's tens of thousands of inserts.
        db_index=False,
        # Nor a database constraint: checking it took a busy day's commit a
        # lookup per row. The value always comes from ``get_for_model``, like
        # ``object_id`` (never checked: a generic relation); deleting a
        # content type still deletes its rows (Django's ``CASCADE``).
        db_constraint=False,
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    recipient = models.EmailField(
        _("recipient"), help_text=_("E-mail address, in lower case.")
    )
    period = models.CharField(
        _("period"),
        max_length=40,
        help_text=_(
            "Which occurrence of the reminder this is, e.g. the due date, the "
            "week of an overdue report or the day of a digest."
        ),
    )
    item = models.JSONField(
        _("item"),
        default=dict,
        blank=True,
        help_text=_("What the message said about the object."),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at", "rule", "recipient", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "period"],
                name="reminder_once_per_object_recipient_period",
            ),
        ]
        # No other index on the keys: "which of these notices are already in
        # the log?" asks by object, through the unique constraint's index
        # (``workflows.reminders.store``), and each index is one more to keep
        # up on a busy day's tens of thousands of inserts.

    def __str__(self):
        return f"{self.get_rule_display()} → {self.recipient} ({self.period})"


class ReminderMessage(models.Model):
    """One e-mail of the reminder job: a rule's notices for one recipient.

    Created with its ``Reminder`` rows, before anything is sent; ``sent_at``
    is set in the transaction that sends it, so it stays empty while the
    e-mail has not gone out (a failure, or a crash) and the message can be
    tried again — once.
    """

    rule = models.CharField(_("rule"), max_length=32, choices=Reminder.Rule.choices)
    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the recipient is an agency mailbox."),
    )
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "rule", "recipient", "pk"]
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="reminder_message_pending",
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} → {self.recipient}"


# Civil-society feedback: private correspondence, never public.
FEEDBACK_TEXT_MAX_LENGTH = 2000
FEEDBACK_NAME_MAX_LENGTH = 200


class Feedback(models.Model):
    """What a member of the public wrote about a published recommendation.

    Not moderated content: it is correspondence to the government, never
    published, never in the API or the exports. The lead agency of the
    recommendation's body reads it all and marks it shared with the
    responsible agencies or not relevant (``workflows.actions.mark_feedback``);
    who may read which is ``workflows.feedback``.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        SHARED = "shared", _("Shared with agencies")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    recommendation = models.ForeignKey(
        "content_models.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    text = models.TextField(_("feedback"), max_length=FEEDBACK_TEXT_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=FEEDBACK_NAME_MAX_LENGTH, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=FEEDBACK_NAME_MAX_LENGTH, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    consent_to_share = models.BooleanField(
        _("may be shared with the agencies"),
        default=False,
        help_text=_(
            "The author agreed that the feedback, with their name, organisation "
            "and e-mail, may be shared with the agencies responsible."
        ),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["received_at"], name="feedback_received_idx")]

    def __str__(self):
        return _("Feedback on %(recommendation)s, %(when)s") % {
            "recommendation": self.recommendation,
            "when": date_format(timezone.localtime(self.received_at), "DATE_FORMAT"),
        }


class ResponseRequest(models.Model):
    """The lead agency asked an agency to respond to a recommendation.

    The one fact of the response board that cannot be derived from the
    content: when (and by whom) the agency was asked. Where each
    recommendation stands is derived (``workflows.response``); the e-mail
    itself goes through the reminder log, which makes sure it is sent once.
    """

    recommendation = models.ForeignKey(
        "content_models.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="response_requests",
    )
    agency = models.ForeignKey(
        "content_models.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="response_requests",
    )
    requested_at = models.DateTimeField(_("asked at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("response request")
        verbose_name_plural = _("response requests")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "agency"],
                name="response_request_once_per_agency",
            ),
        ]

    def __str__(self):
        return f"{self.agency} ← {self.recommendation_id}"


class UnknownUsername(models.Model):
    """A username someone tried to sign in with that names no account.

    The audit trail's failed sign-ins are log entries on the account; one
    with an unknown username is logged on this row instead (one row per
    username), so the trail keeps what was typed without inventing a user.
    """

    username = models.CharField(_("username"), max_length=255, unique=True)
    first_tried_at = models.DateTimeField(_("first tried at"), default=timezone.now)

    class Meta:
        ordering = ["username"]
        verbose_name = _("unknown username")
        verbose_name_plural = _("unknown usernames")

    def __str__(self):
        return self.username
