"""The lead agency's SMART assessment of an action or an indicator.

The letters met stay the item's ``smart_criteria`` (a
``ParentalManyToManyField``: the public filters, facets, exports and
importers read it); a letter not among them is not met. Beside them the
assessment keeps a short reason per letter, who assessed and when. All of it
is fields of the item, so a draft carries its assessment in its revision and
the row — what the public reads — holds the published one.
``workflows.actions.assess_smart`` is the one place that changes it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The letters in SMART order.
SMART_LETTERS = ("S", "M", "A", "R", "T")
REASON_MAX_LENGTH = 500


def reason_field_name(letter: str) -> str:
    """``smart_reason_s`` for ``S``."""
    return f"smart_reason_{letter.lower()}"


def _reason(letter):
    return models.CharField(
        _("reason (%(letter)s)") % {"letter": letter},
        max_length=REASON_MAX_LENGTH,
        blank=True,
        help_text=_("Why the letter is met or not, in a sentence or two."),
    )


@dataclass(frozen=True)
class LetterAssessment:
    """One letter of an assessment: met or not, and why."""

    letter: str
    met: bool
    reason: str


class SmartAssessed(models.Model):
    """Reasons per SMART letter, the assessor and the time of the assessment.

    The assessor and the time are set by ``assess_smart`` when the letters or
    the reasons change, never typed in a form.
    """

    smart_reason_s = _reason("S")
    smart_reason_m = _reason("M")
    smart_reason_a = _reason("A")
    smart_reason_r = _reason("R")
    smart_reason_t = _reason("T")
    smart_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("SMART assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    smart_assessed_at = models.DateTimeField(
        _("SMART assessed at"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def smart_reasons(self) -> dict[str, str]:
        return {
            letter: getattr(self, reason_field_name(letter)) for letter in SMART_LETTERS
        }

    def smart_letters_met(self) -> set[str]:
        """The letters met (of this object as loaded: a draft's are its own)."""
        return {criterion.letter for criterion in self.smart_criteria.all()}

    def smart_assessment(self) -> list[LetterAssessment]:
        """The five letters in SMART order, each met or not, with its reason."""
        met = self.smart_letters_met()
        reasons = self.smart_reasons()
        return [
            LetterAssessment(letter, letter in met, reasons[letter])
            for letter in SMART_LETTERS
        ]
