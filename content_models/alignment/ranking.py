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
from ..models import AffectedGroup, Agency, HumanRightsIssue
from .vocabulary import SYNONYMS, index_term, prefixes_of, significant_words, stem

# Enough for the longest recommendation; the API refuses longer texts.
MAX_TEXT_LENGTH = 5000
# The first distinct concepts of a text; a long text says what it is about
# long before this.
MAX_CONCEPTS = 24
# Rows counted per concept at most: past this a word is common, whatever its
# exact count, and counting further would cost time for nothing.
COUNT_CAP = 300
# Rows read from the index for the candidates: the rarest concepts first,
# until their counts add up to this.
CANDIDATE_ROWS = 2000
# Candidates kept after the index's weights, then after the reader's scope.
PREFILTER = 500
SHORTLIST = 60
# The weight of a concept is log(1 + RARITY_SCALE / (rows having it + 1)): a
# fixed scale rather than the table's size, which would cost a count per
# request and change every score whenever a row is added.
RARITY_SCALE = 10 * COUNT_CAP

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
    """How one model is read: its index, its texts, its taxonomy links
    (many-to-many fields) and its agencies (many-to-many or foreign keys)."""

    key: str
    text_fields: tuple[str, ...]
    issues: str | None
    groups: str | None
    agencies: tuple[str, ...]
    # Read with the suggestions (what every caller shows beside them).
    select_related: tuple[str, ...] = ()


RECOMMENDATION = Kind(
    "recommendation",
    ("title", "text"),
    "issues",
    "affected_groups",
    ("responsible_agencies",),
    ("cycle__body",),
)
ACTION = Kind(
    "action",
    ("title", "description", "desired_outcome"),
    "issues",
    "affected_groups",
    ("responsible_agencies", "lead_agency"),
    ("lead_agency",),
)
INDICATOR = Kind(
    "indicator", ("title", "description"), None, None, ("responsible_agency",)
)


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


def _group(concept: Concept) -> tuple[str, ...]:
    return tuple(sorted(index_term(one) for one in concept.stems))


def _weights(kind: Kind, concepts: list[Concept]) -> tuple[list[float], list[int]]:
    """Each concept's weight (rarer is heavier) and its capped row count."""
    counts = search.prefix_counts(
        kind.key, [_group(c) for c in concepts], cap=COUNT_CAP
    )
    weights = [math.log(1 + RARITY_SCALE / (count + 1)) for count in counts]
    return weights, counts


def _candidate_ids(kind, concepts, weights, counts, scope: QuerySet) -> list[int]:
    """Ids of the rows having the rarest concepts, heaviest first, in scope.

    Concepts under the count cap are read whole, rarest first, until their
    counts reach ``CANDIDATE_ROWS``; the common ones only together: the rows
    having the two heaviest of them both (the newest ``CANDIDATE_ROWS``), so
    that no single common word can make the database read every row.
    """
    rare = sorted(
        (n for n, count in enumerate(counts) if 0 < count < COUNT_CAP),
        key=lambda n: (counts[n], n),
    )
    chosen, rows = [], 0
    for number in rare:
        if rows + counts[number] > CANDIDATE_ROWS:
            break
        chosen.append(number)
        rows += counts[number]
    totals: dict[int, float] = defaultdict(float)
    groups = [_group(concepts[number]) for number in chosen]
    for group, pk in search.prefix_matches(kind.key, groups):
        totals[pk] += weights[chosen[group]]
    common = [n for n, count in enumerate(counts) if count >= COUNT_CAP][:2]
    if common:
        both = sum(weights[n] for n in common)
        for pk in search.prefix_matches_all(
            kind.key, [_group(concepts[n]) for n in common], limit=CANDIDATE_ROWS
        ):
            totals[pk] += both
    best = sorted(totals, key=lambda pk: (-totals[pk], pk))[:PREFILTER]
    allowed = set(scope.filter(pk__in=best).values_list("pk", flat=True))
    return [pk for pk in best if pk in allowed][:SHORTLIST]


@dataclass
class Row:
    """What scoring reads of one candidate: its text and linked ids."""

    pk: int
    text: str
    issues: set[int] = field(default_factory=set)
    groups: set[int] = field(default_factory=set)
    agencies: set[int] = field(default_factory=set)


def _read_rows(kind: Kind, model, ids: list[int]) -> list[Row]:
    """The candidates' texts and links, a query per relation (no model
    instances: a few hundred of them would cost more than the search)."""
    meta = model._meta
    foreign = [name for name in kind.agencies if not meta.get_field(name).many_to_many]
    rows = {}
    for values in model._default_manager.filter(pk__in=ids).values(
        "pk", *kind.text_fields, *(f"{name}_id" for name in foreign)
    ):
        row = Row(
            values["pk"], " ".join(str(values[f] or "") for f in kind.text_fields)
        )
        row.agencies = {values[f"{name}_id"] for name in foreign} - {None}
        rows[row.pk] = row
    links = [("issues", kind.issues), ("groups", kind.groups)] + [
        ("agencies", name) for name in kind.agencies if name not in foreign
    ]
    for attribute, name in links:
        if name is None:
            continue
        relation = meta.get_field(name)
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        through = relation.remote_field.through
        for pk, linked in through.objects.filter(
            **{f"{source}_id__in": list(rows)}
        ).values_list(f"{source}_id", f"{target}_id"):
            getattr(rows[pk], attribute).add(linked)
    return [rows[pk] for pk in ids if pk in rows]


def _names(names: dict[int, str], ids) -> str:
    return ", ".join(sorted(names[pk] for pk in ids))


def _source_names(source: Source) -> dict[str, dict[int, str]]:
    """The names of the source's issues, groups and agencies (the only ones a
    reason can name), read once."""
    return {
        attribute: dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
        for attribute, model, ids in (
            ("issues", HumanRightsIssue, source.issues),
            ("groups", AffectedGroup, source.groups),
            ("agencies", Agency, source.agencies),
        )
    }


def _score(row: Row, source, names, concepts, phrases, weights):
    """``(score, row id, reasons)``, or None when no word matched."""
    tokens = significant_words(row.text)
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
    lexical = weight / (sum(weights) or 1.0)
    pairs = set(zip(tokens, tokens[1:], strict=False))
    found_phrases = [
        label
        for label, first, second in phrases
        if any(a.startswith(first) and b.startswith(second) for a, b in pairs)
    ][:MAX_PHRASES]
    issues = row.issues & source.issues
    groups = row.groups & source.groups
    agencies = row.agencies & source.agencies
    raw = (
        LEXICAL_WEIGHT * lexical
        + PHRASE_POINTS * len(found_phrases)
        + ISSUE_POINTS * min(len(issues), MAX_SHARED)
        + GROUP_POINTS * min(len(groups), MAX_SHARED)
        + AGENCY_POINTS * min(len(agencies), MAX_SHARED)
    )
    reasons = []
    heading = "from the words of the text" if source.inferred else "in common"
    if issues:
        reasons.append(
            f"Human-rights issues {heading}: {_names(names['issues'], issues)}"
        )
    if groups:
        reasons.append(f"Affected groups {heading}: {_names(names['groups'], groups)}")
    if agencies:
        reasons.append(
            f"Responsible agencies in common: {_names(names['agencies'], agencies)}"
        )
    if found_phrases:
        reasons.append(
            "Phrases that matched: " + ", ".join(f"“{p}”" for p in found_phrases)
        )
    if matched:
        reasons.append("Words that matched: " + ", ".join(matched))
    if related:
        reasons.append("Related words: " + ", ".join(related))
    return round(raw / MAX_RAW, 3), row.pk, reasons


def rank(kind: Kind, source: Source, scope: QuerySet, limit: int) -> list[Aligned]:
    """The ``limit`` best rows of ``scope`` for ``source``, best first."""
    concepts, phrases = concepts_of(source.text)
    if not concepts or limit <= 0:
        return []
    weights, counts = _weights(kind, concepts)
    ids = _candidate_ids(kind, concepts, weights, counts, scope)
    names = _source_names(source)
    scored = [
        found
        for row in _read_rows(kind, scope.model, ids)
        if (found := _score(row, source, names, concepts, phrases, weights))
    ]
    # Best score first, then the lower id; only the best few become instances.
    best = sorted(scored, key=lambda found: (-found[0], found[1]))[:limit]
    items = scope.model._default_manager.select_related(*kind.select_related).in_bulk(
        [pk for _score, pk, _reasons in best]
    )
    return [Aligned(items[pk], score, reasons) for score, pk, reasons in best]


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
