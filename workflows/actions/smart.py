"""SMART: the lead agency's assessment of an action or indicator."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from content_models.models import (
    SMART_LETTERS,
    SmartAssessed,
    SmartCriterion,
)
from content_models.models.smart import REASON_MAX_LENGTH, reason_field_name

from .. import roles, scoping


def may_assess_smart(user, item: SmartAssessed) -> bool:
    """Whether ``user`` may change ``item``'s SMART assessment.

    The assessor's right (``roles.ASSESSOR``: lead agency managers and
    administrators) on an item they may publish. A new item has no row to
    scope yet; its edit form keeps it in its editor's scope.
    """
    if user is None or not user.is_active or not user.has_perm(roles.ASSESSOR):
        return False
    if item.pk is None:
        return True
    return scoping.allows(user, type(item), "publish", item)


def _previous_assessment(item: SmartAssessed) -> tuple[set[str], dict[str, str]]:
    """The assessment the editor started from: the latest revision's (the draft)."""
    if item.pk is None:
        return set(), dict.fromkeys(SMART_LETTERS, "")
    revision = item.latest_revision
    before = (
        revision.as_object()
        if revision is not None
        else type(item)._default_manager.get(pk=item.pk)
    )
    return before.smart_letters_met(), before.smart_reasons()


def assess_smart(
    *,
    item: SmartAssessed,
    met: Iterable[str],
    reasons: Mapping[str, str],
    user,
    now: datetime.datetime | None = None,
) -> bool:
    """Set ``item``'s SMART assessment in memory, ready for ``save_revision``.

    ``met`` are the letters met (the others are not), ``reasons`` a short
    reason per letter (a letter left out keeps its reason). When the letters
    or a reason differ from the latest revision's, ``user`` becomes the
    assessor and ``now`` the assessment's time; an unchanged assessment keeps
    its assessor. Saves nothing itself: the caller saves a revision, so a
    draft carries its assessment and publishing puts it on the row. Raises
    ``PermissionDenied`` (nothing set) for a user who may not assess it,
    ``ValidationError`` for a letter that is not S, M, A, R or T or a reason
    that is too long. Returns whether the assessment changed.
    """
    if not may_assess_smart(user, item):
        raise PermissionDenied(
            _("Only the lead agency's managers may assess this against SMART.")
        )
    letters = {letter.upper() for letter in met}
    unknown = sorted(letters - set(SMART_LETTERS) | set(reasons) - set(SMART_LETTERS))
    if unknown:
        raise ValidationError(
            _("%(letters)s: not a SMART letter (use S, M, A, R, T).")
            % {"letters": ", ".join(unknown)}
        )
    too_long = [
        letter
        for letter, reason in reasons.items()
        if len(reason.strip()) > REASON_MAX_LENGTH
    ]
    if too_long:
        raise ValidationError(
            _("The reason for %(letters)s is longer than %(limit)s characters.")
            % {"letters": ", ".join(too_long), "limit": REASON_MAX_LENGTH}
        )
    previous_met, previous_reasons = _previous_assessment(item)
    new_reasons = dict(previous_reasons)
    new_reasons.update({letter: reason.strip() for letter, reason in reasons.items()})
    criteria = SmartCriterion.objects.filter(letter__in=letters)
    if {criterion.letter for criterion in criteria} != letters:
        raise ValidationError(
            _("The SMART criteria are not set up; run load_taxonomies.")
        )
    item.smart_criteria = list(criteria)
    for letter, reason in new_reasons.items():
        setattr(item, reason_field_name(letter), reason)
    changed = letters != previous_met or new_reasons != previous_reasons
    if changed:
        item.smart_assessed_by = user
        item.smart_assessed_at = now or timezone.now()
    return changed
