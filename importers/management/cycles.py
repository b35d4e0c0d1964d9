"""The reporting cycle a command names, shared by ``cabinet_annex`` and
``un_report``."""

from django.core.management.base import CommandError

from content_models.models import ReportingCycle


def cycle_by_code(code: str) -> ReportingCycle:
    """The cycle whose code is ``code`` (any case), with its body and lead
    agency; a ``CommandError`` listing the cycles otherwise."""
    found = (
        ReportingCycle.objects.select_related("body__lead_agency")
        .filter(code__iexact=code)
        .first()
    )
    if found is None:
        codes = ", ".join(ReportingCycle.objects.values_list("code", flat=True))
        raise CommandError(
            f"{code}: no reporting cycle has this code"
            + (f"; the cycles are {codes}." if codes else "; there are no cycles.")
        )
    return found
