"""Ranking: candidates from the full-text index, scored and explained in Python.

See the package's docstring for the method. The weights below are the whole
of the scoring: the share of the text's words a candidate matches counts for
most; shared issues, affected groups and agencies, and two-word phrases
matched in order, add to it.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from .. import search
from ..models import AffectedGroup, HumanRightsIssue
from .vocabulary import SYNONYMS, prefixes_of, significant_words, stem

# Enough for the longest recommendation; the API refuses longer texts.
MAX_TEXT_LENGTH = 5000
# The first distinct concepts of a text; a long text says what it is about
# long before this.
MAX_CONCEPTS = 30
# Rows counted per concept at most: past this a word is common, whatever its
# exact count, and counting further would cost time for nothing.
COUNT_CAP = 2000
# Rows read from the index for the candidates: the rarest concepts first,
# until their counts add up to this.
CANDIDATE_ROWS = 6000
# Candidates kept after the index's weights, then after the reader's scope.
PREFILTER = 1000
SHORTLIST = 150

LEXICAL_WEIGHT = 0.6
PHRASE_POINTS, MAX_PHRASES = 0.05, 3
ISSUE_POINTS, GROUP_POINTS, AGENCY_POINTS = 0.10, 0.06, 0.04
MAX_SHARED = 2
MAX_RAW = (
    LEXICAL_WEIGHT
    + PHRASE_POINTS * MAX_PHRASES
    + (ISSUE_POINTS + GROUP_POINTS + AGENCY_POINTS) * MAX_SHARED
)


@dataclass
class Aligned:
    """One suggestion: the item, its score (0–1, higher is closer), why."""

    item: Model
    score: float
    reasons: list[str]


@dataclass
class Alignment:
    """Suggestions of each kind, best first."""

    recommendations: list[Aligned] = field(default_factory=list)
    actions: list[Aligned] = field(default_factory=list)
    indicators: list[Aligned] = field(default_factory=list)


@dataclass(frozen=True)
class Concept:
    """A word of the text (``label``) and the stems that count as it."""

    label: str
    stems: frozenset[str]
    # The text's own words in this concept, with their stems.
    words: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Source:
    """What is aligned: its words and taxonomy (ids); ``inferred`` when the
    issues and groups were read from the words of a pasted text."""

    text: str
    issues: frozenset[int] = frozenset()
    groups: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()
    inferred: bool = False


@dataclass(frozen=True)
class Kind:
    """How one model is read: its index, its texts, its taxonomy links."""

    key: str
    text_fields: tuple[str, ...]
    taxonomy: bool
    agency_fields: tuple[str, ...]
    prefetch: tuple[str, ...]


RECOMMENDATION = Kind(
    "recommendation",
    ("title", "text"),
    True,
    ("responsible_agencies",),
    ("issues", "affected_groups", "responsible_agencies"),
)
ACTION = Kind(
    "action",
    ("title", "description", "desired_outcome"),
    True,
    ("responsible_agencies",),
    ("issues", "affected_groups", "responsible_agencies"),
)
INDICATOR = Kind("indicator", ("title", "description"), False, (), ())


def concepts_of(text: str) -> tuple[list[Concept], list[tuple[str, str, str]]]:
    """The text's concepts (first occurrence order, synonyms merged) and its
    two-word phrases as ``(label, first stem, second stem)``."""
    found: list[Concept] = []
    by_stem: dict[str, int] = {}
    significant = significant_words(text[:MAX_TEXT_LENGTH])
    for word in significant:
        own = stem(word)
        if own in by_stem:
            number = by_stem[own]
            concept = found[number]
            if own not in dict(concept.words).values():
                found[number] = Concept(
                    concept.label, concept.stems, (*concept.words, (word, own))
                )
            continue
        if len(found) >= MAX_CONCEPTS:
            continue
        stems = SYNONYMS.get(own, frozenset()) | {own}
        for one in stems:
            by_stem.setdefault(one, len(found))
        found.append(Concept(word, frozenset(stems), ((word, own),)))
    phrases = []
    for first, second in zip(significant, significant[1:], strict=False):
        pair = (f"{first} {second}", stem(first), stem(second))
        if pair[1] != pair[2] and pair not in phrases:
            phrases.append(pair)
    return found, phrases


def infer_taxonomy(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Issues and affected groups whose short name's words are all in
    ``text`` (``Children`` for "children in care")."""
    prefixes = _prefix_set(significant_words(text))

    def matching(model):
        ids = set()
        for pk, name, short in model.objects.values_list("pk", "name", "short_name"):
            stems = [stem(word) for word in significant_words(short or name)]
            if stems and all(one in prefixes for one in stems):
                ids.add(pk)
        return frozenset(ids)

    return matching(HumanRightsIssue), matching(AffectedGroup)


def _prefix_set(tokens) -> set[str]:
    prefixes: set[str] = set()
    for token in tokens:
        prefixes |= prefixes_of(token)
    return prefixes


def _weights(kind: Kind, concepts: list[Concept]) -> tuple[list[float], list[int]]:
    """Each concept's weight (rarer is heavier) and its capped row count."""
    groups = [tuple(sorted(concept.stems)) for concept in concepts]
    counts = search.prefix_counts(kind.key, groups, cap=COUNT_CAP)
    total = max(search.count_rows(kind.key), 1)
    weights = [math.log(1 + total / (count + 1)) for count in counts]
    return weights, counts


def _candidate_ids(kind, concepts, weights, counts, scope: QuerySet) -> list[int]:
    """Ids of the rows having the rarest concepts, heaviest first, in scope."""
    order = sorted(
        (number for number, count in enumerate(counts) if count),
        key=lambda number: (counts[number], number),
    )
    chosen, rows = [], 0
    for number in order:
        if chosen and rows + counts[number] > CANDIDATE_ROWS:
            break
        chosen.append(number)
        rows += counts[number]
    groups = [tuple(sorted(concepts[number].stems)) for number in chosen]
    totals: dict[int, float] = defaultdict(float)
    for group, pk in search.prefix_matches(kind.key, groups):
        totals[pk] += weights[chosen[group]]
    best = sorted(totals, key=lambda pk: (-totals[pk], pk))[:PREFILTER]
    allowed = set(scope.filter(pk__in=best).values_list("pk", flat=True))
    return [pk for pk in best if pk in allowed][:SHORTLIST]


def _names(items) -> str:
    return ", ".join(sorted(str(getattr(item, "name", item)) for item in items))


def _agencies(kind: Kind, item) -> dict[int, object]:
    found = {}
    for name in kind.agency_fields:
        for agency in getattr(item, name).all():
            found[agency.pk] = agency
    return found


def _score(kind, item, source, concepts, phrases, weights) -> Aligned | None:
    """The item's score and reasons, or None when no word matched."""
    text = " ".join(str(getattr(item, name) or "") for name in kind.text_fields)
    tokens = significant_words(text)
    token_prefixes = [(token, prefixes_of(token)) for token in tokens]
    prefixes = set().union(*(each for _token, each in token_prefixes))
    matched, related, weight = [], [], 0.0
    for concept, concept_weight in zip(concepts, weights, strict=True):
        own = [word for word, one in concept.words if one in prefixes]
        if own:
            matched.extend(own)
        elif concept.stems & prefixes:
            synonym = next(
                token for token, each in token_prefixes if each & concept.stems
            )
            related.append(f"{synonym} (for {concept.label})")
        else:
            continue
        weight += concept_weight
    if not matched and not related:
        return None
    total = sum(weights) or 1.0
    lexical = weight / total
    pairs = {(first, second) for first, second in zip(tokens, tokens[1:], strict=False)}
    found_phrases = [
        label
        for label, first, second in phrases
        if any(a.startswith(first) and b.startswith(second) for a, b in pairs)
    ][:MAX_PHRASES]
    reasons = []
    raw = LEXICAL_WEIGHT * lexical + PHRASE_POINTS * len(found_phrases)
    if kind.taxonomy:
        issues = [i for i in item.issues.all() if i.pk in source.issues]
        groups = [g for g in item.affected_groups.all() if g.pk in source.groups]
        raw += ISSUE_POINTS * min(len(issues), MAX_SHARED)
        raw += GROUP_POINTS * min(len(groups), MAX_SHARED)
        heading = "from the words of the text" if source.inferred else "in common"
        if issues:
            reasons.append(f"Human-rights issues {heading}: {_names(issues)}")
        if groups:
            reasons.append(f"Affected groups {heading}: {_names(groups)}")
    agencies = [
        agency for pk, agency in _agencies(kind, item).items() if pk in source.agencies
    ]
    if agencies:
        raw += AGENCY_POINTS * min(len(agencies), MAX_SHARED)
        reasons.append(f"Responsible agencies in common: {_names(agencies)}")
    if found_phrases:
        reasons.append(
            "Phrases that matched: " + ", ".join(f"“{p}”" for p in found_phrases)
        )
    if matched:
        reasons.append("Words that matched: " + ", ".join(matched))
    if related:
        reasons.append("Related words: " + ", ".join(related))
    return Aligned(item, round(raw / MAX_RAW, 3), reasons)


def rank(kind: Kind, source: Source, scope: QuerySet, limit: int) -> list[Aligned]:
    """The ``limit`` best rows of ``scope`` for ``source``, best first."""
    concepts, phrases = concepts_of(source.text)
    if not concepts or limit <= 0:
        return []
    weights, counts = _weights(kind, concepts)
    ids = _candidate_ids(kind, concepts, weights, counts, scope)
    items = scope.model._default_manager.filter(pk__in=ids)
    if kind.prefetch:
        items = items.prefetch_related(*kind.prefetch)
    scored = [
        aligned
        for item in items
        if (aligned := _score(kind, item, source, concepts, phrases, weights))
    ]
    scored.sort(key=lambda aligned: (-aligned.score, aligned.item.pk))
    return scored[:limit]


def align(
    *,
    text: str,
    recommendations: QuerySet,
    actions: QuerySet,
    indicators: QuerySet | None = None,
    limit: int = 10,
    source: Source | None = None,
) -> Alignment:
    """Rank the rows of ``recommendations``, ``actions`` (and ``indicators``)
    that may answer ``text``. The querysets are what the reader may see.

    Without ``source``, the issues and affected groups are read from the words
    of the text.
    """
    if source is None:
        issues, groups = infer_taxonomy(text[:MAX_TEXT_LENGTH])
        source = Source(text=text, issues=issues, groups=groups, inferred=True)
    return Alignment(
        recommendations=rank(RECOMMENDATION, source, recommendations, limit),
        actions=rank(ACTION, source, actions, limit),
        indicators=(
            rank(INDICATOR, source, indicators, limit) if indicators is not None else []
        ),
    )


def align_recommendation(
    recommendation,
    *,
    recommendations: QuerySet,
    actions: QuerySet,
    indicators: QuerySet | None = None,
    limit: int = 10,
) -> Alignment:
    """:func:`align` for a recommendation in the Monitor (``recommendation`` is
    the version the reader sees, e.g. the editor's draft): its own issues,
    groups and agencies count, its own cycle's recommendations and the actions
    already linked to it are left out."""
    source = Source(
        text=f"{recommendation.title} {recommendation.text}",
        issues=frozenset(i.pk for i in recommendation.issues.all()),
        groups=frozenset(g.pk for g in recommendation.affected_groups.all()),
        agencies=frozenset(a.pk for a in recommendation.responsible_agencies.all()),
    )
    linked = recommendation.actions.values("pk") if recommendation.pk else []
    return align(
        text=source.text,
        recommendations=recommendations.exclude(cycle_id=recommendation.cycle_id),
        actions=actions.exclude(pk__in=linked),
        indicators=indicators.exclude(action__in=linked)
        if indicators is not None
        else None,
        limit=limit,
        source=source,
    )
