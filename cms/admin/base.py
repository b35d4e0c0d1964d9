"""The base snippet viewsets of the Monitor's admin."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .listing import ContentIndexView, SearchIndexView
from .search import AdminSearch
from .views import NoCreateSnippetChooserViewSet, ScopedSnippetViewSet


class MonitorViewSet(SnippetViewSet):
    """A snippet viewset whose listing and chooser are searched by ``admin_search``.

    Agency scoping plugs in through ``ContentViewSet`` below: a permission
    policy registered for the model before the viewsets are registered, and a
    narrower ``get_queryset``; the listing's joins and prefetches stay declared apart
    from it in ``listing_select_related`` / ``listing_prefetch_related``.
    """

    index_view_class = SearchIndexView
    # Choosers pick existing rows only; their "create" URL answers 403.
    chooser_viewset_class = NoCreateSnippetChooserViewSet
    #: How the listing, the chooser and the autocomplete search this model
    #: (``cms.admin.search``); ``None``: no search box.
    admin_search: AdminSearch | None = None
    inspect_view_enabled = True
    listing_select_related = ()
    listing_prefetch_related = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(admin_search=self.admin_search, **kwargs)

    def get_queryset(self, request):
        """The listing's rows, with what its columns need in as few queries."""
        queryset = self.model._default_manager.all()
        if self.listing_select_related:
            queryset = queryset.select_related(*self.listing_select_related)
        if self.listing_prefetch_related:
            queryset = queryset.prefetch_related(*self.listing_prefetch_related)
        return self.annotate_listing(queryset)

    def annotate_listing(self, queryset):
        """Add computed columns (counts, flags) to the listing queryset."""
        return queryset


class ContentViewSet(ScopedSnippetViewSet, MonitorViewSet):
    """A moderated content snippet: drafts, revisions, workflow, status column.

    Every view, the listing and the chooser respect agency scoping
    (``cms.admin.views.ScopedSnippetViewSet``).
    """

    index_view_class = ContentIndexView
