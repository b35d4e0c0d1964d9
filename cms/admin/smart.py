"""The SMART assessment in the edit form of actions and indicators.

One panel, letters in SMART order: for each letter a "met" box and a short
reason, then who assessed and when. The boxes are form fields of their own
(``smart_met_s`` …) that ``workflows.actions.assess_smart`` turns into the
item's letters; the assessor and the time are set there, never typed. Users
without the assessor's right (``workflows.roles.ASSESSOR``) on the item get
neither the boxes nor the reasons in their form — a forged value is ignored —
and read the assessment instead.
"""

import functools

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin import compare
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel

from content_models.models import SMART_LETTERS, SmartCriterion
from content_models.models.smart import reason_field_name
from workflows import actions
from workflows.roles import ASSESSOR

from .forms import ScopedContentForm


def met_field_name(letter: str) -> str:
    """``smart_met_s`` for ``S``: the form's "met" box of a letter."""
    return f"smart_met_{letter.lower()}"


def _criteria() -> dict[str, SmartCriterion]:
    return {criterion.letter: criterion for criterion in SmartCriterion.objects.all()}


def _name(letter, criteria) -> str:
    criterion = criteria.get(letter)
    return criterion.name if criterion else SmartCriterion.Letter(letter).label


class SmartAssessmentForm(ScopedContentForm):
    """The scoped content form plus one "met" box per SMART letter."""

    smart_met_s = forms.BooleanField(required=False)
    smart_met_m = forms.BooleanField(required=False)
    smart_met_a = forms.BooleanField(required=False)
    smart_met_r = forms.BooleanField(required=False)
    smart_met_t = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not actions.may_assess_smart(
            self.for_user, self.instance
        ):
            # The assessor's right on the model, but not on this item (a
            # manager who is also another agency's contributor).
            for letter in SMART_LETTERS:
                self.fields.pop(met_field_name(letter), None)
                self.fields.pop(reason_field_name(letter), None)
        if not self.assesses:
            return
        criteria = _criteria()
        met = self.instance.smart_letters_met() if self.instance.pk else set()
        for letter in SMART_LETTERS:
            field = self.fields[met_field_name(letter)]
            field.label = f"{letter} — {_name(letter, criteria)}: " + str(_("met"))
            criterion = criteria.get(letter)
            field.help_text = criterion.definition if criterion else ""
            self.initial[met_field_name(letter)] = letter in met
            reason = self.fields.get(reason_field_name(letter))
            if reason is not None:
                reason.label = _("Reason")

    @property
    def assesses(self) -> bool:
        """Whether this form carries the assessment (the user may assess)."""
        return all(met_field_name(letter) in self.fields for letter in SMART_LETTERS)

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.assesses:
            actions.assess_smart(
                item=instance,
                met=[
                    letter
                    for letter in SMART_LETTERS
                    if self.cleaned_data.get(met_field_name(letter))
                ],
                reasons={
                    letter: self.cleaned_data.get(reason_field_name(letter), "")
                    for letter in SMART_LETTERS
                    if reason_field_name(letter) in self.fields
                },
                user=self.for_user,
            )
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class SmartAssessmentRecordPanel(Panel):
    """Who assessed and when; the whole assessment, read-only, for the rest."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "monitor_admin/panels/smart_assessment_record.html"

        def get_comparison(self):
            """The letters met, the assessor and the time, in revision diffs.

            The "met" boxes are not model fields, so without this the history
            would not show a change of letters.
            """
            meta = self.panel.model._meta
            return [
                functools.partial(
                    compare.M2MFieldComparison, meta.get_field("smart_criteria")
                ),
                functools.partial(
                    compare.ForeignObjectComparison, meta.get_field("smart_assessed_by")
                ),
                functools.partial(
                    compare.FieldComparison, meta.get_field("smart_assessed_at")
                ),
            ]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            item = self.instance
            user = getattr(self.request, "user", None)
            criteria = _criteria()
            assessor = item.smart_assessed_by
            context.update(
                {
                    "assessed_at": item.smart_assessed_at,
                    "assessor": (assessor.get_full_name() or assessor.get_username())
                    if assessor
                    else "",
                    "read_only": not (
                        user is not None and actions.may_assess_smart(user, item)
                    ),
                    "letters": [
                        {
                            "letter": entry.letter,
                            "name": _name(entry.letter, criteria),
                            "met": entry.met,
                            "reason": entry.reason,
                        }
                        for entry in (item.smart_assessment() if item.pk else [])
                    ],
                }
            )
            return context


def smart_assessment_panel():
    """The "SMART assessment" panel: five rows in SMART order, then the record."""
    rows = [
        FieldRowPanel(
            [
                FieldPanel(met_field_name(letter), permission=ASSESSOR),
                FieldPanel(reason_field_name(letter), permission=ASSESSOR),
            ],
            permission=ASSESSOR,
        )
        for letter in SMART_LETTERS
    ]
    return MultiFieldPanel(
        [*rows, SmartAssessmentRecordPanel()],
        heading=_("SMART assessment"),
        help_text=_(
            "For each letter, whether it is met and why. Whoever saves a "
            "changed assessment is recorded as its assessor, with the time."
        ),
    )
