"""Listing building blocks shared by the Monitor's snippet viewsets."""

from collections import defaultdict
from functools import reduce
from operator import and_, or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.models import Revision, WorkflowState
from wagtail.snippets.views.snippets import IndexView

from importers.buttons import export_buttons

SHORT_TEXT_CHARS = 90


def words_filter(fields, query):
    """Every word of ``query`` in at least one of ``fields`` (case-insensitive).

    ``None`` when the query has no words.
    """
    words = query.split()
    if not words:
        return None
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
            for word in words
        ),
    )


class WordSearchIndexView(IndexView):
    """A snippet listing searched in the database, word by word.

    The admin search runs on the ORM rather than Wagtail's search backend: it
    combines with every listing filter (related and many-to-many ones too, which
    the backend refuses with ``FilterFieldError``), with sorting by any column,
    matches inside long texts and partial references (``122.4``), and is never
    stale after a bulk import.
    """

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        condition = words_filter(self.search_fields or [], self.search_query)
        return queryset if condition is None else queryset.filter(condition)


EXPORT_KINDS = {
    "recommendation": "recommendations",
    "action": "actions",
    "indicator": "indicators",
}


class ContentIndexView(WordSearchIndexView):
    """The listing of a moderated snippet, its status column in fixed queries."""

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
    """Prefetched related objects shown compactly, e.g. agency codes."""

    def __init__(self, name, *, item=str, separator=", ", **kwargs):
        super().__init__(name, **kwargs)
        self.item = item
        self.separator = separator

    def get_value(self, instance):
        return self.separator.join(
            self.item(obj) for obj in getattr(instance, self.accessor).all()
        )


def related_column(relation, field, label):
    """One field (a code, a reference) of a foreign key, sortable by it."""
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
    """``Every 3 months, 2026-01-01 – 2026-12-31`` or ``One-off, 2026-09-30``."""
    if indicator.report_every_months:
        every = indicator.get_report_every_months_display()
    else:
        every = _("One-off")
    dates = " – ".join(
        day.isoformat() for day in (indicator.start_date, indicator.end_date) if day
    )
    return f"{every}, {dates}" if dates else str(every)
