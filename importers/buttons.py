"""Header buttons a snippet listing can show to export what it lists.

The content listings' index views add them in one line::

    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + export_buttons(self.request, "actions")

The buttons carry the listing's query string (filters, search, ordering), so
the file holds exactly what the listing shows, in the import template's
columns; they appear only for users allowed to export.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets import Button

from . import permissions


def export_url(request, kind: str, extension: str) -> str:
    query = request.GET.copy()
    for name in ("p", "export", "_w_filter_fragment"):
        query.pop(name, None)
    query["format"] = extension
    return f"{reverse('importers:export', args=[kind])}?{query.urlencode()}"


def export_buttons(request, kind: str) -> list[Button]:
    if not permissions.can_export(request.user, kind):
        return []
    return [
        Button(
            _("Export for import (%(format)s)") % {"format": extension.upper()},
            url=export_url(request, kind, extension),
            icon_name="download",
            priority=priority,
        )
        for priority, extension in ((110, "xlsx"), (120, "csv"))
    ]
