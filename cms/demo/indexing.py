"""Index the demo once at the end instead of on every save.

Creating and publishing one object through Wagtail saves it three times, and
each save re-indexes it for search and for Wagtail's reference index (usage
counts); on PostgreSQL every search update also recomputes the title norms of
the whole index table. Indexing each object once, in bulk, when the demo is
written gives the same index in a fraction of the time.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_indexing(models):
    """Yield a list to append created objects of ``models`` to; index them after.

    Nothing is indexed if the block raises (the transaction is rolled back).
    """
    created: list = []
    paused = [
        model
        for model in models
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield created
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)
    by_model = defaultdict(list)
    for obj in created:
        by_model[type(obj)].append(obj.pk)
    for model, pks in by_model.items():
        # Index the rows as they are now: the live content.
        rows = list(model.get_indexed_objects().filter(pk__in=pks))
        if model in paused:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, rows)
        for row in rows:
            ReferenceIndex.create_or_update_for_object(row)
