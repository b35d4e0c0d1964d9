"""The current state of moderated objects, read in bulk, in revision form.

The importer compares a file with what an editor would see in the admin: the
latest draft (``get_latest_revision_as_object()``), and the public export shows
the published row. Both are read here as the JSON "content" Wagtail stores in
revisions, for thousands of objects in a handful of queries, and turned into
comparable values (text normalised, relations as primary keys).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from modelcluster.models import get_serializable_data_for_fields
from wagtail.models import Revision

from .text import normalise_text

CHUNK = 1000


@dataclass
class Existing:
    """An object in the database with the content the import compares against."""

    row: models.Model
    content: dict


def field_kind(field) -> str:
    if field.many_to_many:
        return "m2m"
    if field.many_to_one:
        return "fk"
    if isinstance(field, models.CharField | models.TextField):
        return "text"
    return "scalar"


def m2m_fields(model) -> list:
    return [
        field
        for field in model._meta.get_fields()
        if field.many_to_many and field.concrete
    ]


def through_pairs(field, pks: Iterable[int], *, live_targets: bool = False) -> dict:
    """``{source pk: [target pk, ...]}`` of a many-to-many field, in bulk.

    ``live_targets`` keeps only published targets (for moderated targets).
    """
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    pairs = defaultdict(list)
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        queryset = through._default_manager.filter(
            **{f"{source}_id__in": pks[start : start + CHUNK]}
        )
        if live_targets and hasattr(field.related_model, "live"):
            queryset = queryset.filter(**{f"{target}__live": True})
        for source_pk, target_pk in queryset.order_by("pk").values_list(
            f"{source}_id", f"{target}_id"
        ):
            pairs[source_pk].append(target_pk)
    return pairs


def row_content(row, relations: dict) -> dict:
    """A row as revision content; ``relations`` maps m2m names to pk lists."""
    content = get_serializable_data_for_fields(row)
    content.update(relations)
    return content


def load_rows(model, rows: list, *, draft: bool = True) -> dict[int, Existing]:
    """``{pk: Existing}`` for ``rows``: the latest draft, or the published row.

    Drafts come from the latest revision when the object has unpublished
    changes, exactly as Wagtail's ``get_latest_revision_as_object`` does.
    """
    result = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        revision_ids = {
            row.latest_revision_id: row
            for row in chunk
            if draft and row.has_unpublished_changes and row.latest_revision_id
        }
        contents = dict(
            Revision.objects.filter(pk__in=list(revision_ids)).values_list(
                "pk", "content"
            )
        )
        from_rows = [row for row in chunk if row.latest_revision_id not in contents]
        relations = {
            field.name: through_pairs(
                field, [row.pk for row in from_rows], live_targets=not draft
            )
            for field in m2m_fields(model)
        }
        for row in chunk:
            if draft and row.latest_revision_id in contents:
                content = contents[row.latest_revision_id]
            else:
                content = row_content(
                    row,
                    {name: pairs.get(row.pk, []) for name, pairs in relations.items()},
                )
            result[row.pk] = Existing(row=row, content=content)
    return result


def comparable(field, raw):
    """A revision-content value in a form that compares with parsed cells."""
    kind = field_kind(field)
    if kind == "m2m":
        return frozenset(int(pk) for pk in raw or ())
    if kind == "fk":
        return None if raw in (None, "") else int(raw)
    if kind == "text":
        return normalise_text(raw or "")
    return field.to_python(raw)


def comparable_value(field, value):
    """A parsed cell value (objects for relations) in comparable form."""
    kind = field_kind(field)
    if kind == "m2m":
        return frozenset(obj if isinstance(obj, int) else obj.pk for obj in value)
    if kind == "fk":
        if value is None or isinstance(value, int):
            return value
        return value.pk
    if kind == "text":
        return normalise_text(value or "")
    return value


def json_value(field, value):
    """A parsed value as revision content stores it."""
    kind = field_kind(field)
    if kind == "m2m":
        return sorted(obj if isinstance(obj, int) else obj.pk for obj in value)
    if kind == "fk":
        if value is None or isinstance(value, int):
            return value
        return value.pk
    return value


def snapshot(model, content: dict, names: Iterable[str]) -> dict:
    """``{field name: comparable value}`` of ``content`` for ``names``."""
    meta = model._meta
    return {name: comparable(meta.get_field(name), content.get(name)) for name in names}
