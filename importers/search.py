"""Search indexing of imported objects, in bulk.

Wagtail's database search backend on PostgreSQL builds each index entry from
Django ``SearchVector`` expressions, compiled one value at a time: about 1.5 ms
per object, most of an import's time. ``index_objects`` writes the very same
rows (same vectors, weights, configurations and plain-text columns, the same
``INSERT … ON CONFLICT`` and title-norm refresh) from plain SQL text, taking
the values from the backend's own ``ObjectIndexer``. Any other backend is
given the objects through its own ``add_bulk``. A test compares both on
PostgreSQL, so that an upgrade of the backend that changes its format fails
loudly rather than leaving a stale index.
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from wagtail.search.backends import get_search_backends

BATCH = 500


def index_objects(model, objects) -> None:
    """Add or refresh ``objects`` (all of ``model``) in every search backend."""
    objects = list(objects)
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(model)
        postgres = _is_postgres_database_index(index)
        for start in range(0, len(objects), BATCH):
            batch = objects[start : start + BATCH]
            if postgres:
                _postgres_add(index, backend, model, batch)
            else:
                backend.add_bulk(model, batch)
        if postgres:
            # Once for all batches: it scans the whole index.
            index._refresh_title_norms()


def _is_postgres_database_index(index) -> bool:
    try:
        from modelsearch.backends.database.postgres.postgres import PostgresIndex
    except ImportError:  # pragma: no cover - another search package
        return False
    return type(index) is PostgresIndex


def _vector(texts, config) -> tuple[str, list]:
    """``setweight(to_tsvector(...))`` joined with ``||``, as ``as_vector`` builds."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        return "to_tsvector(COALESCE(%s, %s))", ["", ""]
    config_sql = "%s::regconfig, " if config else ""
    parts, params = [], []
    for text, weight in texts:
        parts.append(f"setweight(to_tsvector({config_sql}COALESCE(%s, %s)), %s)")
        params += ([config] if config else []) + [text, "", weight]
    return "(" + " || ".join(parts) + ")", params


def _postgres_add(index, backend, model, objects) -> None:
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        ObjectIndexer,
    )
    from modelsearch.index import AutocompleteField, SearchField
    from modelsearch.utils import get_content_type_pk

    if not model.get_search_fields():
        return
    content_type_pk = get_content_type_pk(model)
    rows, params = [], []
    for obj in objects:
        indexer = ObjectIndexer(obj, backend)
        title, body, autocomplete = [], [], []
        for search_field in indexer.search_fields:
            for field, weight, value in indexer.prepare_field(obj, search_field):
                if isinstance(field, SearchField):
                    target = title if field.field_name == "title" else body
                    target.append((value, weight))
                elif isinstance(field, AutocompleteField):
                    autocomplete.append((value, weight))
        title_sql, title_params = _vector(title, indexer.config)
        autocomplete_sql, autocomplete_params = _vector(
            autocomplete, indexer.autocomplete_config
        )
        body_sql, body_params = _vector(body, indexer.config)
        rows.append(
            f"(%s, %s, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, %s, %s)"
        )
        params += [content_type_pk, indexer.id]
        params += title_params + autocomplete_params + body_params
        params += [_plain(title), _plain(body)]
    with index.write_connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, "
            "title, autocomplete, body, title_norm, title_text, body_text) "
            f"(VALUES {', '.join(rows)}) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
            "title = EXCLUDED.title, title_norm = 1.0, "
            "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
            "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
            params,
        )


def _plain(texts) -> str:
    return " ".join(text.strip() for text, _weight in texts if text.strip())


@contextmanager
def per_object_indexing_suspended(model):
    """Saves of ``model`` inside skip the search backend's per-object indexing.

    Publishing saves each object, and the database backend then recomputes an
    average over the whole index for every single object. The writer suspends
    that while it publishes and indexes the published objects in bulk after.
    Signal receivers are process-wide: use this only where no other thread
    saves ``model`` meanwhile (the command and the task cluster's workers).
    """
    try:
        from modelsearch.signal_handlers import post_save_signal_handler
    except ImportError:  # pragma: no cover - another search package
        yield
        return
    suspended = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        if suspended:
            post_save.connect(post_save_signal_handler, sender=model)
