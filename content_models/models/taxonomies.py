"""Taxonomies: the plain snippets administrators edit and everything else tags."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import ReportingCycleQuerySet


class Agency(models.Model):
    """A government agency: leads bodies, is responsible for content."""

    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short stable code used by the API and the importers, e.g. MoJ."),
    )
    name = models.CharField(_("name"), max_length=255, unique=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Shared mailbox that receives reporting prompts."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="agencies",
        blank=True,
    )
    # Where the agency's documents live; the document permission policy grants
    # rights per collection. Set by ``content_models.actions.save_agency``.
    document_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("document collection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="agency",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return f"{self.name} ({self.code})"


class HumanRightsBody(models.Model):
    """A UN body that examines the State and issues recommendations."""

    class Kind(models.TextChoices):
        UPR = "upr", _("Universal Periodic Review")
        TREATY_BODY = "treaty_body", _("Treaty body")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.TREATY_BODY
    )
    treaty = models.CharField(_("treaty"), max_length=255, blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_bodies",
        help_text=_("The agency that coordinates reporting to this body."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("human rights body")
        verbose_name_plural = _("human rights bodies")

    def __str__(self):
        return f"{self.code} — {self.name}"


class ReportingCycle(models.Model):
    """One examination of the State by one body."""

    code = models.SlugField(
        _("code"), max_length=32, unique=True, help_text=_("e.g. UPR-2024, CAT-2023.")
    )
    body = models.ForeignKey(
        HumanRightsBody,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    name = models.CharField(_("name"), max_length=255)
    received_on = models.DateField(
        _("received on"),
        null=True,
        blank=True,
        help_text=_("The date the recommendations arrived."),
    )
    document_symbol = models.CharField(_("document symbol"), max_length=100, blank=True)
    follow_up_due_on = models.DateField(
        _("follow-up due on"),
        null=True,
        blank=True,
        help_text=_("Deadline of the one-year update report (treaty bodies)."),
    )
    cabinet_target_on = models.DateField(
        _("Cabinet target"),
        null=True,
        blank=True,
        help_text=_(
            "When Cabinet should consider the response. Leave empty for 12 months "
            "after the recommendations were received."
        ),
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up due after"),
        choices=[(12, _("12 months")), (18, _("18 months"))],
        default=12,
        help_text=_(
            "When the committee expects the one-year update, counted from the "
            "date received (unless a follow-up due date is set)."
        ),
    )
    follow_up_page_budget = models.PositiveSmallIntegerField(
        _("follow-up page budget"),
        null=True,
        blank=True,
        help_text=_(
            "Pages the one-year update should not exceed. Leave empty for the usual 10."
        ),
    )
    upr_response_word_limit = models.PositiveIntegerField(
        _("UPR response word limit"),
        null=True,
        blank=True,
        help_text=_(
            "Words the formal response's comments may use (Universal Periodic "
            "Review). Leave empty for the usual 3,000."
        ),
    )

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["body__code", "-received_on", "code"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")

    def __str__(self):
        return self.code

    @property
    def cabinet_target_date(self):
        """When Cabinet should consider the response (``models.cabinet``)."""
        from .cabinet import cabinet_target_date

        return cabinet_target_date(self)

    @property
    def follow_up_due_date(self):
        """When the one-year update is due: ``follow_up_due_on`` when set, else
        ``follow_up_months`` after the date received; ``None`` without either."""
        if self.follow_up_due_on:
            return self.follow_up_due_on
        if self.received_on is None:
            return None
        return self.received_on + relativedelta(months=self.follow_up_months)

    @property
    def is_current(self):
        """Whether this is the latest cycle of its body."""
        return (
            ReportingCycle.objects.current().filter(body_id=self.body_id).first()
            == self
        )


class Country(models.Model):
    """A recommending State; loaded from pycountry by ``load_taxonomies``."""

    code = models.CharField(
        _("ISO 3166-1 alpha-3 code"), max_length=3, unique=True, db_index=True
    )
    alpha_2 = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, blank=True)
    name = models.CharField(_("name"), max_length=255)
    official_name = models.CharField(_("official name"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class _NamedTerm(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        # The full name, as the public site shows it: a short name ("HRD",
        # "ESC rights") is a compact label for charts, not for editors.
        return self.name


class HumanRightsIssue(_NamedTerm):
    """A human-rights theme, e.g. Equality and non-discrimination."""

    class Meta(_NamedTerm.Meta):
        verbose_name = _("human rights issue")
        verbose_name_plural = _("human rights issues")


class AffectedGroup(_NamedTerm):
    """A group of affected persons, e.g. Children and young people."""

    class Meta(_NamedTerm.Meta):
        verbose_name = _("affected group")
        verbose_name_plural = _("affected groups")


class SmartCriterion(models.Model):
    """One letter of SMART, with the definition assessors apply."""

    class Letter(models.TextChoices):
        S = "S", _("Specific")
        M = "M", _("Measurable")
        A = "A", _("Assignable")
        R = "R", _("Relevant")
        T = "T", _("Time-bound")

    letter = models.CharField(
        _("letter"), max_length=1, choices=Letter.choices, unique=True
    )
    name = models.CharField(_("name"), max_length=50)
    definition = models.TextField(_("definition"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "letter"]
        verbose_name = _("SMART criterion")
        verbose_name_plural = _("SMART criteria")

    def __str__(self):
        return f"{self.letter} — {self.name}"


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self):
        return f"SDG {self.number}: {self.name}"
