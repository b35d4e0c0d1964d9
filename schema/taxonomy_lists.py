"""The taxonomy lists of a page — recommending States, issues, groups, SDGs,
agencies — read from their link tables and a copy of the taxonomy kept in
memory, instead of a prefetch that joins the taxonomy and builds it again.

A page of 20 recommendations asks for their States and issues; the
optimizer prefetches each with a join, in Django's prefetch machinery (a few
milliseconds each, most of it Python). A taxonomy is small and public, and
every change to it changes the publication version (:mod:`.versioning`), so a
copy per version is as current as the database. Better: a list's page keeps
its copies with its facet index's ``memo``, which outlives every patch and
is replaced by any build; a taxonomy change always makes the index be built
again (no index's patch rules name a taxonomy table), so those copies are
read once per taxonomy change, not once per publish. :func:`take_over` removes
from a page's queryset the prefetches it can serve — a plain list of a public
taxonomy with nothing nested, filtered or reordered — and :func:`fill` then
reads one link table per list and gives each row its list, in the
taxonomy's order, where :class:`.fields.CappedListField` reads it
(:data:`ATTRIBUTE`). Anything else is left to the optimizer.
"""

import functools
import threading
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Prefetch
from django.db.models.constants import LOOKUP_SEP

from .triggers import ALWAYS_PUBLIC

# Where a row keeps its taxonomy lists: field name -> objects in order.
ATTRIBUTE = "_hrm_taxonomy_lists"

_copies: dict[str, tuple[str, dict, dict]] = {}
_lock = threading.Lock()


@functools.cache
def _public_models() -> frozenset:
    return frozenset(apps.get_model(label) for label in ALWAYS_PUBLIC)


def _taxonomy_field(model, name: str):
    """The many-to-many field ``name`` of ``model`` when it lists a public
    taxonomy through a plain link table, else ``None``."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not field.many_to_many or field.auto_created or not field.concrete:
        return None
    if not field.remote_field.through._meta.auto_created:
        return None
    related = field.related_model
    if related not in _public_models() or not related._meta.ordering:
        return None
    return field


def _plain(lookup, field) -> bool:
    """Whether a prefetch asks for the whole list as the taxonomy orders it:
    no filter, join, nested prefetch, order, deferral or annotation."""
    if isinstance(lookup, str):
        return True
    if not isinstance(lookup, Prefetch) or lookup.to_attr:
        return False
    queryset = lookup.queryset
    if queryset is None:
        return True
    query = queryset.query
    return (
        queryset.model is field.related_model
        and not query.where
        and query.select_related is False
        and not queryset._prefetch_related_lookups
        and not query.order_by
        and query.default_ordering
        and query.deferred_loading == (frozenset(), True)
        and not query.annotations
        and not query.extra
        and not query.distinct
    )


def take_over(queryset):
    """``queryset`` without the prefetches of taxonomy lists :func:`fill` can
    serve, and the fields of those lists."""
    lookups = queryset._prefetch_related_lookups
    names = [
        lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
        for lookup in lookups
    ]
    kept, taken = [], []
    for lookup, name in zip(lookups, names, strict=True):
        field = _taxonomy_field(queryset.model, name)
        nested = any(other.startswith(name + LOOKUP_SEP) for other in names)
        if field is None or nested or not _plain(lookup, field):
            kept.append(lookup)
        else:
            taken.append(field)
    if taken:
        queryset = queryset.prefetch_related(None).prefetch_related(*kept)
    return queryset, taken


def _read(model, using: str) -> tuple[dict, dict]:
    attnames = [field.attname for field in model._meta.concrete_fields]
    rows = list(model._default_manager.using(using).values_list(*attnames))
    values = {row[0]: row for row in rows}
    position = {row[0]: index for index, row in enumerate(rows)}
    return values, position


def _copy(model, version: str, using: str, kept: dict | None = None):
    """``(values by id, position by id)`` of a taxonomy: read once per
    ``kept`` (a facet index's ``memo``), or else once per publication
    version."""
    label = model._meta.label
    if kept is not None:
        key = ("taxonomy copy", label, using)
        copy = kept.get(key)
        if copy is None:
            copy = kept[key] = _read(model, using)
        return copy
    cached = _copies.get(label)
    if cached is not None and cached[0] == version:
        return cached[1], cached[2]
    values, position = _read(model, using)
    with _lock:
        _copies[label] = (version, values, position)
    return values, position


def fill(
    rows: list, fields: list, version: str, using: str, kept: dict | None = None
) -> None:
    """Give each of ``rows`` its list of each of ``fields``: one query on the
    link table per field; the objects are new for each row. ``kept``: the
    facet index's ``memo`` of the list the rows are a page of, where the
    taxonomy copies are kept (see the module's documentation)."""
    if not rows or not fields:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    ids = [row.pk for row in rows]
    marks = ", ".join(["%s"] * len(ids))
    for row in rows:
        row.__dict__.setdefault(ATTRIBUTE, {})
    for field in fields:
        related = field.related_model
        values, position = _copy(related, version, using, kept)
        source, target = field.m2m_column_name(), field.m2m_reverse_name()
        table = field.remote_field.through._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(source)}, {quote(target)} FROM {quote(table)} "
                f"WHERE {quote(source)} IN ({marks})",
                ids,
            )
            links = cursor.fetchall()
        targets = defaultdict(list)
        for source_id, target_id in links:
            if target_id in values:
                targets[source_id].append(target_id)
        attnames = [each.attname for each in related._meta.concrete_fields]
        for row in rows:
            chosen = sorted(targets.get(row.pk, ()), key=position.__getitem__)
            row.__dict__[ATTRIBUTE][field.name] = [
                related.from_db(using, attnames, values[pk]) for pk in chosen
            ]
