"""Reports for the UN in the admin (``workflows.un_report``, docs/un-reports.md).

- On a cycle's Cabinet page, "Reports for the UN": the Word downloads
  ``/admin/cabinet/cycles/<pk>/un-report/<kind>.docx`` (published content;
  ``?drafts=1`` adds the lead agency's approved drafts), with each report's
  word count or page estimate and its warnings. Scoped like the annex
  (``cabinet.managed_cycle``): others get the same refusal.
- On a UPR recommendation's edit form, beside the response comment, the
  cycle's word count while the lead agency types (``word-count.js``).
"""

from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from content_models.models import HumanRightsBody
from importers import un_report_docx
from workflows import scoping, un_report
from workflows.un_report import upr_response
from workflows.un_report.base import CycleContent

URL_NAME = "cabinet_un_report"
LABELS = {
    "upr-response": _("UPR response"),
    "follow-up": _("Follow-up report"),
    "mid-term": _("UPR mid-term report"),
}


def report_url(cycle, kind, *, drafts=False) -> str:
    url = reverse(URL_NAME, args=[cycle.pk, kind])
    return f"{url}?drafts=1" if drafts else url


def section(cycle, user) -> list[dict]:
    """The Cabinet page's "Reports for the UN": per kind the downloads, and
    the word count or page estimate (published, and with drafts) with warnings."""
    rows = []
    drafts_allowed = scoping.manages_cycle(user, cycle)
    for kind in un_report.kinds_for(cycle):
        published = un_report.compile_report(kind, cycle=cycle, user=user)
        row = {
            "label": str(LABELS[kind]),
            "url": report_url(cycle, kind),
            "summary": published.summary,
            "warnings": published.warnings,
        }
        if drafts_allowed:
            drafted = un_report.compile_report(
                kind, cycle=cycle, include_drafts=True, user=user
            )
            row.update(
                drafts_url=report_url(cycle, kind, drafts=True),
                drafts_summary=drafted.summary,
                drafts_warnings=drafted.warnings,
            )
        rows.append(row)
    return rows


def download(request, pk, kind):
    """The report ``kind`` of cycle ``pk`` as Word; ``?drafts=1`` with the
    lead agency's approved drafts."""
    from .cabinet import managed_cycle

    cycle = managed_cycle(request, pk)
    try:
        report = un_report.compile_report(
            kind,
            cycle=cycle,
            include_drafts=request.GET.get("drafts") == "1",
            user=request.user,
        )
    except un_report.ReportError as error:
        return HttpResponseBadRequest(
            str(error), content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type=un_report_docx.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{un_report_docx.filename(report)}"'
    )
    un_report_docx.write_docx(report, response)
    return response


urlpatterns = [
    re_path(
        r"^cabinet/cycles/(?P<pk>[0-9]+)/un-report/(?P<kind>[a-z-]+)\.docx$",
        download,
        name=URL_NAME,
    ),
]


class ResponseWordCountPanel(Panel):
    """The cycle's UPR response word count, live while the comment is typed.

    Shown to those who answer for the cycle, on a UPR recommendation: the
    words of the other comments of the cycle (as in the response with the
    lead agency's drafts) plus this one's as typed, against the word limit.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "monitor_admin/panels/response_word_count.html"

        class Media:
            js = ["monitor_admin/js/word-count.js"]

        def is_shown(self):
            instance = self.instance
            if not (instance and instance.pk and instance.cycle_id):
                return False
            cycle = instance.cycle
            return (
                cycle.body.kind == HumanRightsBody.Kind.UPR
                and self.request is not None
                and scoping.manages_cycle(self.request.user, cycle)
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            cycle = self.instance.cycle
            content = CycleContent(cycle, include_drafts=True)
            context.update(
                {
                    "cycle": cycle,
                    "field": "response_comment",
                    "other_words": upr_response.comment_words(
                        content, excluding=self.instance.pk
                    ),
                    "limit": upr_response.word_limit(cycle),
                }
            )
            return context
