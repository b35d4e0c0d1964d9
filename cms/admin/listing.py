"""Listing building blocks shared by the Monitor's snippet viewsets."""

import csv
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.models import Revision, WorkflowState
from wagtail.snippets.views.snippets import IndexView

from importers.buttons import export_buttons
from importers.exporting import CSV_CONTENT_TYPE, neutralise

from .bulk_actions import may_batch

SHORT_TEXT_CHARS = 90


class SearchIndexView(IndexView):
    """A snippet listing searched through the viewset's ``admin_search``.

    The full-text index or the small-table match (``cms.admin.search``) only
    narrows the queryset, so the search combines with every listing filter
    (related and many-to-many ones too), sorting by any column and agency
    scoping, and is never stale after a bulk import. Without a chosen sort the
    best matches come first.
    """

    admin_search = None

    @cached_property
    def is_searchable(self):
        return self.admin_search is not None and bool(
            self.index_results_url or self.search_url
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return self.admin_search.filter(
            queryset,
            self.search_query,
            ranked="ordering" not in self.request.GET,
        )


EXPORT_KINDS = {
    "recommendation": "recommendations",
    "action": "actions",
    "indicator": "indicators",
}


class ContentIndexView(SearchIndexView):
    """The listing of a moderated snippet, its status column in fixed queries."""

    @cached_property
    def columns(self):
        columns = super().columns
        if may_batch(self.request.user):
            return columns
        # Contributors have no batch action and may not delete: no checkboxes.
        return [
            column
            for column in columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]

    @cached_property
    def header_more_buttons(self):
        """Export what the listing shows, in the import template's columns."""
        kind = EXPORT_KINDS.get(self.model._meta.model_name)
        buttons = super().header_more_buttons
        return buttons + export_buttons(self.request, kind) if kind else buttons

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = rows = list(rows)
        attach_status_data(rows)
        return paginator, page, rows, is_paginated


def attach_status_data(objects):
    """Load what ``status_string`` needs for ``objects`` in two queries.

    Wagtail's live/draft status asks every object for its scheduled revision
    (``DraftStateMixin.scheduled_revision``, a cached property) and whether a
    workflow is in progress (``WorkflowMixin.workflow_in_progress``, which reads
    ``_current_workflow_states`` when set, as Wagtail's page listings do).
    """
    if not objects:
        return
    model = type(objects[0])
    ids = [str(obj.pk) for obj in objects]
    scheduled = {}
    for revision in Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=ids,
        approved_go_live_at__isnull=False,
    ).order_by("pk"):
        # ``scheduled_revision`` is the first one, as ``.first()`` picks it.
        scheduled.setdefault(revision.object_id, revision)
    workflow_states = defaultdict(list)
    for state in WorkflowState.objects.active().filter(
        base_content_type=objects[0].get_base_content_type(), object_id__in=ids
    ):
        workflow_states[state.object_id].append(state)
    for obj in objects:
        obj.__dict__["scheduled_revision"] = scheduled.get(str(obj.pk))
        obj._current_workflow_states = workflow_states[str(obj.pk)]


class RelatedListColumn(Column):
    """Prefetched related objects in one cell, e.g. agency names."""

    def __init__(self, name, *, item=str, separator=", ", **kwargs):
        super().__init__(name, **kwargs)
        self.item = item
        self.separator = separator

    def get_value(self, instance):
        return self.separator.join(
            self.item(obj) for obj in getattr(instance, self.accessor).all()
        )


def related_column(relation, field, label):
    """One field (a name, a reference) of a foreign key, sortable by it."""
    return Column(
        relation,
        accessor=f"{relation}.{field}",
        label=label,
        sort_key=f"{relation}__{field}",
    )


def short_text(recommendation):
    """The short title, else the start of the full text."""
    return recommendation.title or Truncator(recommendation.text).chars(
        SHORT_TEXT_CHARS
    )


def schedule_summary(indicator):
    """``Every 3 months, 1 Jan 2026 – 31 Dec 2026`` or ``One-off, 30 Sep 2026``."""
    if indicator.report_every_months:
        every = indicator.get_report_every_months_display()
    else:
        every = _("One-off")
    dates = " – ".join(
        date_format(day, "SHORT_DATE_FORMAT")
        for day in (indicator.start_date, indicator.end_date)
        if day
    )
    return f"{every}, {dates}" if dates else str(every)


def csv_download(stem: str, columns, rows) -> HttpResponse:
    """An admin listing's rows as a CSV download, ``<stem>-<date>.csv``.

    ``columns`` are ``(heading, value(row))`` pairs. UTF-8 with a byte-order
    mark (Excel), cells a spreadsheet would run as formulas neutralised.
    """
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte-order mark
    writer = csv.writer(response)
    writer.writerow([name for name, _value in columns])
    for row in rows:
        writer.writerow([neutralise(str(value(row))) for _name, value in columns])
    return response
