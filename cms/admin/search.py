"""One search for the admin: listings, choosers and the autocomplete.

Content (recommendations, actions, indicators, progress reports, due dates)
is found through the domain's full-text index (``content_models.search``),
the one the public API uses; taxonomies and users, small tables, are matched in
Python (``content_models.search.folding``). Either way a search is case- and
macron-insensitive (``maori`` finds exactly what ``Māori`` finds), every term
is required, ``"quoted phrases"`` keep their word order, and the word being
typed may be the start of a word (``122.4`` finds 122.45).

A search only narrows a queryset (one ``pk__in`` or relation ``__in``
subquery per term), so it combines with every listing filter, sorting and
agency scoping; without a chosen sort the best matches come first.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import F, Q

from content_models.search import Matching, Relevance, SearchQuery, parse
from content_models.search.folding import matching_pks


@dataclass(frozen=True)
class AdminSearch:
    """How the admin searches one model.

    - ``index``: the model's own full-text index (a key of
      ``content_models.search.SEARCHABLES``);
    - ``through``: relation → index key, rows found through a related row's
      index (an indicator by its action's reference or title);
    - ``fields``: fields matched in Python. For a model without an index these
      are its own (``name``, ``body__code``) and every row is read, so only for
      small tables; for content they are fields of small related tables
      (``cycle__code``).

    Each term must match one of them (as each word had to match one field).
    """

    index: str | None = None
    through: dict[str, str] = field(default_factory=dict)
    fields: tuple[str, ...] = ()

    @property
    def uses_index(self) -> bool:
        return bool(self.index or self.through)

    def filter(self, queryset, text: str | None, *, ranked: bool = False):
        """``queryset`` narrowed to the rows matching ``text``.

        Text without any word leaves it as it is. ``ranked`` puts the best
        matches of the model's own index first, ahead of its current order.
        """
        query = parse(text, prefix=True)
        if not query:
            return queryset
        queryset = self.narrow(queryset, query)
        if not (ranked and self.index):
            return queryset
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        return queryset.annotate(_relevance=self.relevance(query)).order_by(
            F("_relevance").desc(nulls_last=True), *order, "pk"
        )

    def narrow(self, queryset, query: SearchQuery):
        """``queryset`` narrowed to the rows matching a non-empty ``query``."""
        if not self.uses_index:
            rows = queryset.model._default_manager.all()
            return queryset.filter(pk__in=matching_pks(rows, self.fields, query))
        return queryset.filter(
            reduce(
                and_, (self._term(queryset.model, term) for term in query.each_term())
            )
        )

    def relevance(self, query: SearchQuery) -> Relevance:
        """How well a row matches ``query`` in the model's own index."""
        return Relevance(self.index, query)

    def _term(self, model, term: SearchQuery) -> Q:
        sources = []
        if self.index:
            sources.append(Q(pk__in=Matching(self.index, term)))
        for relation, key in self.through.items():
            sources.append(Q(**{f"{relation}__in": Matching(key, term)}))
        for relation, names in _by_relation(self.fields).items():
            related = model._meta.get_field(relation).related_model
            pks = matching_pks(related._default_manager.all(), names, term)
            sources.append(Q(**{f"{relation}__in": pks}))
        return reduce(or_, sources)


def _by_relation(fields) -> dict[str, list[str]]:
    grouped = defaultdict(list)
    for name in fields:
        relation, _, rest = name.partition("__")
        if not rest:
            raise ValueError(
                f"{name!r}: a model with a full-text index takes only fields of "
                "related small tables (relation__field)."
            )
        grouped[relation].append(rest)
    return grouped
