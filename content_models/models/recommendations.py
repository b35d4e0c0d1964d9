"""Recommendations received from UN human-rights bodies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from ..querysets import RecommendationQuerySet
from .base import ModeratedContent
from .taxonomies import HumanRightsBody

MAX_FOLLOW_UPS_PER_CYCLE = 4


class Recommendation(ModeratedContent):
    """One recommendation of one reporting cycle."""

    class UprResponse(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        SUPPORTED_IN_PART = "supported_in_part", _("Supported in part")
        NOTED = "noted", _("Noted")

    class FollowUpGrade(models.TextChoices):
        A = "A", _("A — satisfactory")
        B = "B", _("B — partially satisfactory")
        C = "C", _("C — not satisfactory")
        D = "D", _("D — no reply")
        E = "E", _("E — contrary measures")

    cycle = models.ForeignKey(
        "content_models.ReportingCycle",
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    reference = models.CharField(
        _("reference"),
        max_length=64,
        help_text=_("Unique within its cycle, e.g. 122.45 or para 12(a)."),
    )
    title = models.CharField(_("short title"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    recommending_states = ParentalManyToManyField(
        "content_models.Country",
        verbose_name=_("recommending states"),
        related_name="recommendations",
        blank=True,
    )
    issues = ParentalManyToManyField(
        "content_models.HumanRightsIssue",
        verbose_name=_("human rights issues"),
        related_name="recommendations",
        blank=True,
    )
    affected_groups = ParentalManyToManyField(
        "content_models.AffectedGroup",
        verbose_name=_("affected groups"),
        related_name="recommendations",
        blank=True,
    )
    sdgs = ParentalManyToManyField(
        "content_models.SustainableDevelopmentGoal",
        verbose_name=_("sustainable development goals"),
        related_name="recommendations",
        blank=True,
    )
    responsible_agencies = ParentalManyToManyField(
        "content_models.Agency",
        verbose_name=_("responsible agencies"),
        related_name="recommendations",
        blank=True,
    )
    related_recommendations = ParentalManyToManyField(
        "self",
        verbose_name=_("related recommendations"),
        symmetrical=False,
        related_name="related_from",
        blank=True,
        help_text=_(
            "Recommendations of other bodies or cycles that ask for the same "
            "thing. Shown on both once published."
        ),
    )
    prioritised = models.BooleanField(
        _("prioritised"),
        default=False,
        help_text=_("Cabinet agreed to prioritise this recommendation."),
    )
    upr_response = models.CharField(
        _("UPR response"),
        max_length=32,
        choices=UprResponse.choices,
        blank=True,
        help_text=_("Universal Periodic Review only."),
    )
    response_comment = models.TextField(_("response comment"), blank=True)
    follow_up = models.BooleanField(
        _("one-year follow-up"),
        default=False,
        help_text=_(
            "The committee asked for a one-year update on this recommendation "
            "(at most 4 per cycle)."
        ),
    )
    follow_up_grade = models.CharField(
        _("follow-up grade"),
        max_length=1,
        choices=FollowUpGrade.choices,
        blank=True,
        help_text=_("The committee's assessment of the follow-up report."),
    )
    no_action_reason = models.TextField(
        _("reason no action is proposed"),
        blank=True,
        help_text=_("Why no action is proposed for this recommendation."),
    )
    revisit_on = models.DateField(
        _("revisit on"),
        null=True,
        blank=True,
        help_text=_("Parked: look at this recommendation again on this date."),
    )
    document_symbol = models.CharField(_("document symbol"), max_length=100, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=50, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    uhri_id = models.CharField(
        _("UHRI annotation id"),
        max_length=64,
        blank=True,
        help_text=_("OHCHR Universal Human Rights Index annotation id."),
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["cycle__code", "reference"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "reference"],
                name="recommendation_reference_unique_in_cycle",
                violation_error_message=_(
                    "A recommendation with this reference already exists in this cycle."
                ),
            ),
            models.UniqueConstraint(
                fields=["uhri_id"],
                condition=~Q(uhri_id=""),
                name="recommendation_uhri_id_unique",
                violation_error_message=_(
                    "Another recommendation already has this UHRI annotation id."
                ),
            ),
        ]

    def __str__(self):
        label = self.title or Truncator(self.text).chars(80)
        return f"{self.cycle.code}/{self.reference} — {label}"

    @property
    def natural_key_label(self):
        """``CYCLE/REFERENCE``, the form the importers use."""
        return f"{self.cycle.code}/{self.reference}"

    def published_related(self):
        """Published recommendations related to this one, either way round.

        A relation is recorded on one of the two (in its revisions, published
        with it); both must be published for it to show, on both.
        """
        if not self.pk:
            return Recommendation.objects.none()
        return (
            Recommendation.objects.live()
            .filter(Q(related_from=self) | Q(related_recommendations=self))
            .exclude(pk=self.pk)
            .distinct()
            .order_by("cycle__code", "reference", "pk")
        )

    def clean(self):
        super().clean()
        errors = {}
        cycle = self.cycle if self.cycle_id else None
        if self.upr_response and cycle and cycle.body.kind != HumanRightsBody.Kind.UPR:
            errors["upr_response"] = _(
                "Only Universal Periodic Review recommendations have a UPR response."
            )
        if self.follow_up_grade and not self.follow_up:
            errors["follow_up_grade"] = _(
                "A follow-up grade needs the recommendation to be a follow-up."
            )
        if self.follow_up and cycle:
            others = (
                Recommendation.objects.filter(cycle=cycle, follow_up=True)
                .exclude(pk=self.pk)
                .count()
            )
            if others >= MAX_FOLLOW_UPS_PER_CYCLE:
                errors["follow_up"] = _(
                    "%(cycle)s already has %(count)d follow-up recommendations; "
                    "a committee asks for at most %(max)d."
                ) % {
                    "cycle": cycle.code,
                    "count": others,
                    "max": MAX_FOLLOW_UPS_PER_CYCLE,
                }
        if errors:
            raise ValidationError(errors)
