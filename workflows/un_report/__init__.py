"""Drafts for the UN, generated from a reporting cycle's content.

Three kinds (docs/un-reports.md): ``upr-response`` (the table of positions
and comments, against a word limit), ``follow-up`` (the one-year update on
the follow-up recommendations, against a page budget) and ``mid-term`` (the
UPR mid-term report). ``compile_report`` builds one from the published
content or, with ``include_drafts`` for those who answer for the cycle, with
the lead agency's approved drafts marked "(draft)";
``importers.un_report_docx`` writes it as Word.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from content_models.models import HumanRightsBody

from .. import scoping
from . import follow_up, mid_term, upr_response
from .base import CycleContent, Report, ReportError

KINDS = {
    upr_response.KIND: upr_response.build,
    follow_up.KIND: follow_up.build,
    mid_term.KIND: mid_term.build,
}
#: Kinds only a Universal Periodic Review cycle has.
UPR_ONLY = (upr_response.KIND, mid_term.KIND)

__all__ = ["KINDS", "Report", "ReportError", "compile_report", "kinds_for"]


def kinds_for(cycle) -> list[str]:
    """The kinds of report ``cycle`` has: all three for a UPR cycle, the
    follow-up for the others."""
    is_upr = cycle.body.kind == HumanRightsBody.Kind.UPR
    return [kind for kind in KINDS if is_upr or kind not in UPR_ONLY]


def check_kind(kind: str, cycle) -> None:
    """Raise ``ReportError`` when ``cycle`` has no report of ``kind``."""
    if kind not in KINDS:
        raise ReportError(
            _("%(kind)s: not a kind of report; use %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    if kind not in kinds_for(cycle):
        raise ReportError(
            _(
                "%(cycle)s is not a Universal Periodic Review cycle: the %(kind)s "
                "report is for UPR cycles only."
            )
            % {"cycle": cycle.code, "kind": kind}
        )


def compile_report(
    kind: str, *, cycle, include_drafts: bool = False, user=None
) -> Report:
    """The report ``kind`` of ``cycle``. ``include_drafts`` needs a ``user``
    who answers for the cycle (``scoping.manages_cycle``) unless ``user`` is
    ``None`` (the command line); anyone else is refused ``PermissionDenied``."""
    check_kind(kind, cycle)
    if include_drafts and user is not None and not scoping.manages_cycle(user, cycle):
        raise PermissionDenied(
            _("Only the lead agency of %(cycle)s may include drafts.")
            % {"cycle": cycle.code}
        )
    content = CycleContent(cycle, include_drafts=include_drafts)
    return KINDS[kind](content)
