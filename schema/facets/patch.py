"""Bring a facet index up to date from the journal instead of rebuilding it.

A publish changes a handful of rows; rebuilding the index of every published
row for it took 1.4 s at 50,000 recommendations and 6 s at 200,000, and the
requests arriving meanwhile waited. The journal (:mod:`schema.versioning`)
says which rows changed since the index was read. Its :class:`Source` says
which of its own rows those are (a published action changes the facets of the
recommendations it addresses) and builds the index of just those rows with
the same code as the whole one; :func:`.merge.merge` takes the old rows out
and puts the new ones in at their place in every order, shifting the bitsets.

Anything the rows cannot say alone (a taxonomy renamed, a table emptied, a
journal longer than ``GRAPHQL_FACETS_PATCH_LIMIT`` entries, a new day) makes
the caller build the whole index again, as before.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from .. import journal, versioning
from .engine import FacetIndex
from .merge import Keys, clone, merge

DEFAULT_PATCH_LIMIT = 2000

# An entry's table maps to: "a" or "b" (that id is one of the index's rows),
# IGNORE (nothing the index reads), a function of the set of a ids giving
# the index's rows (a published action: the recommendations it addresses), or
# a tuple of those.
IGNORE = "ignore"
Entries = Sequence[tuple[str, int | None, int | None]]


@dataclass(frozen=True)
class Source:
    """How an index is built, whole or for some rows, and what it depends on.

    - ``build(only, memo)``: the index of the published rows (of those in
      ``only``); ``memo`` keeps what it read of the taxonomies, which a patch
      never changes (a taxonomy change means a rebuild);
    - ``rows(only)``/``keys(rows, memo)``: the rows' sort keys, by order name
      (``None`` is the index's own order; every key ends with the id, so no
      two are equal); a named order breaks its ties by the own order;
    - ``depends()``: table -> rule (see ``IGNORE``); a table not named there
      makes the index be rebuilt.
    """

    key: str
    build: Callable[..., FacetIndex]
    rows: Callable[[Iterable[int] | None], list]
    keys: Callable[[list], Keys]
    depends: Callable[[], dict[str, Any]]

    def keys_of(self, ids: Iterable[int], memo: dict) -> Keys:
        return self.keys(self.rows(list(ids)), memo)

    def affected(self, entries: Entries) -> set[int] | None:
        """The index's rows the entries may have changed; ``None``: rebuild."""
        rules = self.depends()
        found: set[int] = set()
        later: dict[Callable, set[int]] = {}
        for table, a, b in entries:
            rule = rules.get(table)
            if rule is None or a is None:
                return None
            for each in rule if isinstance(rule, tuple) else (rule,):
                if each == "a":
                    found.add(a)
                elif each == "b":
                    if b is not None:
                        found.add(b)
                elif each != IGNORE:
                    later.setdefault(each, set()).add(a)
        for rule, ids in later.items():
            found.update(rule(ids))
        return found


def table(model) -> str:
    return model._meta.db_table


def links(model) -> list:
    """The link (through) models of ``model``'s many-to-many fields."""
    return [field.remote_field.through for field in model._meta.many_to_many]


@dataclass(frozen=True)
class Related:
    """A rule: the ``value`` of the rows of ``model`` whose ``where`` is one of
    the entries' ids (the recommendations a changed action addresses)."""

    model: Any
    where: str
    value: str = "id"

    def __call__(self, ids: set[int]) -> set[int]:
        rows = self.model.objects.filter(**{f"{self.where}__in": ids})
        return set(rows.values_list(self.value, flat=True))


def dependencies(named: dict, *, ignore=(), ignore_links=()) -> dict[str, Any]:
    """table -> rule for :attr:`Source.depends`: ``named`` (models, link
    models included, to rules); the tables of ``ignore`` and the link tables
    of ``ignore_links`` not read by the index, unless named; nor Cabinet's
    papers and documents, which no index reads."""
    from django.apps import apps

    from content_models import models

    unread = (
        models.CabinetDecision,
        models.CabinetDocument,
        apps.get_model("wagtaildocs.Document"),
    )
    rules = dict.fromkeys(map(table, (*ignore, *unread)), IGNORE)
    for model in ignore_links:
        rules.update(dict.fromkeys(map(table, links(model)), IGNORE))
    rules.update({table(model): rule for model, rule in named.items()})
    return rules


def patch_limit() -> int:
    from django.conf import settings

    return getattr(settings, "GRAPHQL_FACETS_PATCH_LIMIT", DEFAULT_PATCH_LIMIT)


def build_stamped(source: Source) -> FacetIndex:
    """The whole index, stamped with what it holds when it is read in one
    snapshot outside any transaction (only a stamped index can be patched)."""
    with journal.snapshot() as consistent:
        stamp = journal.stamp() if consistent else None
        index = source.build(memo={})
    index.stamp = stamp
    return index


def up_to_date(index: FacetIndex, source: Source) -> FacetIndex | None:
    """``index`` brought up to date from the journal, as a new index (readers
    may still hold the old one); ``None`` when it has to be rebuilt."""
    old = getattr(index, "stamp", None)
    if old is None:
        return None
    with journal.snapshot() as consistent:
        if not consistent:
            return None
        now = journal.stamp()
        if now.day != old.day or now.position < old.position:
            return None
        # Beyond what the journal keeps, entries may be gone.
        if now.position - old.position > min(patch_limit(), versioning.journal_keep()):
            return None
        memo = index.memo
        changed = set()
        if now.position > old.position:
            changed = source.affected(journal.entries(old.position, now.position))
            if changed is None or len(changed) > patch_limit():
                return None
        if changed:
            part = source.build(only=sorted(changed), memo=memo)
            result = merge(index, changed, part, partial(source.keys_of, memo=memo))
        else:
            result = clone(index)
    result.stamp = now
    return result
