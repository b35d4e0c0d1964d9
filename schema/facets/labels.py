"""Facet labels of the taxonomies and enums, and id -> code maps for builders."""

from content_models import models

from ..facets.engine import Label


def remembered(memo: dict | None, name: str, read):
    """``read()``, once per ``memo`` (an index's taxonomy reads, which its
    patches reuse: a taxonomy change rebuilds the index)."""
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    return memo[name]


def coded(model, code: str = "code"):
    """Labels of a taxonomy whose rows have a code (or a number, a letter) and
    a name, and the id -> code map."""
    rows = list(model.objects.values_list("id", code, "name"))
    return [Label(str(value), name) for _, value, name in rows], {
        pk: str(value) for pk, value, _ in rows
    }


def agencies():
    return coded(models.Agency)


def bodies():
    return coded(models.HumanRightsBody)


def countries():
    return coded(models.Country)


def sdgs():
    return coded(models.SustainableDevelopmentGoal, "number")


def smart_letters():
    return coded(models.SmartCriterion, "letter")


def cycles():
    """Labels, and id -> (code, body code, received_on)."""
    rows = list(
        models.ReportingCycle.objects.values_list(
            "id", "code", "name", "body__code", "received_on"
        )
    )
    return [Label(code, name) for _, code, name, _, _ in rows], {
        pk: (code, body, received) for pk, code, _, body, received in rows
    }


def current_cycles() -> set[int]:
    """The ids of the reporting cycles current today."""
    return set(models.ReportingCycle.objects.current().values_list("pk", flat=True))


def named_terms(model):
    rows = list(model.objects.values_list("id", "slug", "name", "short_name"))
    return [Label(slug, name, short or None) for _, slug, name, short in rows], {
        pk: slug for pk, slug, _, _ in rows
    }


def choices(enum, model_choices):
    """Labels of a GraphQL enum whose values are a model's choices."""
    names = dict(model_choices)
    return [
        Label(member.name, str(names.get(member.value, member.name))) for member in enum
    ]


def pairs(through, owner: str, target: str, codes: dict, *, only=None):
    """(owner id, code) for every row of an M2M through table (whose owner is
    in ``only``)."""
    links = through.objects.values_list(owner, target)
    if only is None:
        # Streamed: the whole table (a server-side cursor on PostgreSQL).
        found = links.iterator(chunk_size=20_000)
    else:
        # A patch's few rows: read at once (a cursor costs round trips).
        found = links.filter(**{f"{owner}__in": only})
    return ((owner_id, codes.get(target_id)) for owner_id, target_id in found)
