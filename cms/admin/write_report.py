"""The "write the report" link of reminders and the dashboard.

``/admin/reporting/due-dates/<pk>/write-report/`` opens the progress report
form of the admin with the action, indicator, due date and a title filled in.
It is the snippet's own create view (same permissions, panels and form; the
form posts to the usual "add" URL); only the initial values differ. When a
report for that due date exists already, the link leads to it instead, so
two people of an agency do not write the same report twice.
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from content_models.models import Action, DueDate, ProgressReport

from . import views

URL_NAME = "write_progress_report"


class WriteReportMixin:
    """Pre-fills the create form from the due date passed by ``write_report``."""

    def get_initial(self):
        initial = super().get_initial()
        due = self.kwargs["due_date"]
        initial.update(
            action=due.action_id,
            indicator=due.indicator_id,
            due_date=due.pk,
            title=_("Progress report for %(month)s")
            % {"month": format_date(due.date, "F Y")},
        )
        return initial


@functools.cache
def _create_view():
    viewset = ProgressReport.snippet_viewset
    view_class = type("WriteReportView", (WriteReportMixin, viewset.add_view_class), {})
    return viewset.construct_view(view_class, **viewset.get_add_view_kwargs())


def write_report(request, pk):
    due = get_object_or_404(DueDate.objects.select_related("action"), pk=pk)
    if not views.viewable(request.user, Action).filter(pk=due.action_id).exists():
        raise PermissionDenied
    existing = (
        ProgressReport.objects.filter(due_date=due)
        .order_by("-live", "-pk")
        .only("pk", "live", "title")
        .first()
    )
    if existing is not None:
        if existing.live:
            messages.info(
                request,
                _("A published report already answers this due date: %(title)s.")
                % {"title": existing.title},
            )
        else:
            messages.info(
                request,
                _("A draft report for this due date exists already: %(title)s.")
                % {"title": existing.title},
            )
        viewset = ProgressReport.snippet_viewset
        return redirect(reverse(viewset.get_url_name("edit"), args=[existing.pk]))
    return _create_view()(request, due_date=due)


urlpatterns = [
    path(
        "reporting/due-dates/<int:pk>/write-report/",
        write_report,
        name=URL_NAME,
    ),
]
