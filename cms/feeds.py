"""The Atom feed of newly published progress reports: ``/feeds/reports.xml``.

It takes the query string of the API's ``progressReports`` list
(``actions``, ``indicators``, ``agencies``, ``proposedStatuses``,
``hasPublicDocument``) and lists the newest published reports that list holds,
read through the same engine as the CSV export (:mod:`schema.reading`), so a
draft report, or a report on a draft action, is never in it.
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.views.decorators.http import require_safe

from content_models.models import ProgressReport
from schema import reading

# The newest this many reports; a feed reader polls, it does not page.
LIMIT = 50
# Seconds a feed reader or proxy may keep the feed (see cms.export.MAX_AGE).
MAX_AGE = 60
KIND = "progressReports"


class ReportsFeed(Feed):
    """Published progress reports matching the filters, newest first."""

    feed_type = Atom1Feed
    title = "Human Rights Monitor — new progress reports"
    subtitle = (
        "Progress reports published by the responsible New Zealand government "
        "agencies on the actions responding to UN human-rights recommendations."
    )

    def __call__(self, request, *args, **kwargs):
        """Refuse bad filters with a 400 naming them, before any feed work."""
        try:
            self.ids = reading.matching_ids(KIND, request.GET)[:LIMIT]
        except reading.BadFilter as error:
            return HttpResponseBadRequest(
                error.message, content_type="text/plain; charset=utf-8"
            )
        self.query = request.GET.urlencode()
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response

    def link(self):
        """The explorer's actions view (its filters differ from the feed's)."""
        return reverse("explorer") + "?view=actions"

    def feed_url(self):
        """The feed's own address with its filters: its Atom id and self link."""
        url = reverse("reports_feed")
        return f"{url}?{self.query}" if self.query else url

    def feed_guid(self):
        """Each filtered feed is its own feed: its absolute address is its id."""
        return self.request.build_absolute_uri(self.feed_url())

    def items(self):
        """The matching published reports, in the list's order (newest first).

        ``live`` is checked again: the index may be a moment older than an
        unpublication.
        """
        found = (
            ProgressReport.objects.filter(live=True, action__live=True)
            .select_related("action")
            .in_bulk(self.ids)
        )
        return [found[pk] for pk in self.ids if pk in found]

    def item_title(self, item):
        return f"{item.action.reference}: {item.title}"

    def item_description(self, item):
        return strip_tags(item.body).strip()

    def item_link(self, item):
        """The report's action in the explorer, where the report is shown."""
        query = urlencode({"view": "actions", "action": item.action.reference})
        return f"{reverse('explorer')}?{query}"

    def item_guid(self, item):
        """An absolute IRI, as Atom requires, unique to the report."""
        link = self.request.build_absolute_uri(self.item_link(item))
        return f"{link}#progress-report-{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        agency = item.action.lead_agency
        return agency.name if agency else None


@require_safe
def reports_feed(request):
    """A fresh feed object per request: it keeps the request's filters."""
    return ReportsFeed()(request)
