"""The words alignment compares: stop words, a light stemmer and a thesaurus.

A UN committee and a New Zealand agency say the same thing in different
words ("persons deprived of their liberty" / "people in prison"). Alignment
stays explainable by comparing *stems* (the start of a word, so
``disability``, ``disabilities`` and ``disabled`` are one) and a short,
fixed thesaurus of words used interchangeably in human-rights follow-up.
Everything here is code: nothing is downloaded, the same text always gives
the same stems.
"""

from ..search.folding import fold
from ..search.query import words

# Function words, and the words every recommendation uses whatever its
# subject ("the Committee recommends that the State party take measures to
# ensure…"): matching on them says nothing.
STOP_WORDS = frozenset(
    """
    a about above after again against all also an and any are as at be been
    being below between both but by can could did do does doing during each
    few for from further had has have having he her here hers him his how i
    if in into is it its itself just may me might more most must my no nor
    not now of off on once only or other our out over own same shall she
    should so some such than that the their them then there these they this
    those through to too under until up upon very was we were what when
    where which while who whom why will with within without would you your
    well whether etc per via
    recommend recommends recommended recommendation recommendations committee
    committees state states party parties urge urges urged call calls
    encourage encourages encouraged ensure ensures ensuring take taking
    measure measures step steps necessary appropriate adopt adopting
    continue continues continued continuing effort efforts strengthen
    strengthening including include includes inter alia particular
    particularly new zealand government governments also effective
    effectively implement implementation implementing provide providing
    relevant concerned concern concerns regard regarding related relating
    consider considering view light line accordance pursuant article
    articles paragraph convention covenant previous report reports periodic
    addition additionally however moreover furthermore therefore ensure
    full fully undertake undertaking make making made way ways develop
    developing development work working plan plans action actions programme
    programmes initiative initiatives support supporting improve improving
    improved increase increasing increased reduce reducing reduced address
    addressing national overall across range number numbers
    """.split()
)

# Endings removed, longest first, leaving at least MIN_STEM letters.
_SUFFIXES = sorted(
    """
    isations isation izations ization ational ations ation itions ition
    ities ity ments ment nesses ness ings ing ives ive ously ous ists ist
    isms ism ised ises ise ized izes ize ated ates ate ally ies ied ers er
    ed es s al ly
    """.split(),
    key=len,
    reverse=True,
)
MIN_STEM = 4
MAX_STEM = 7
MIN_WORD = 3

# Words used for one another in human-rights follow-up: UN wording on the
# left, New Zealand's and the agencies' on the right. A word of a group
# matches any word of it; the reasons name both.
THESAURUS = [
    "detention detained custody prison prisons prisoner imprisonment "
    "incarceration corrections remand liberty",
    "torture ill-treatment mistreatment cruel degrading inhuman",
    "disability disabilities disabled impairment accessibility accessible",
    "indigenous maori iwi hapu tangata whenua",
    "child children tamariki youth young minors adolescents juvenile rangatahi",
    "women woman wahine girls female gender",
    "violence abuse harm assault",
    "domestic family intimate partner whanau",
    "housing homelessness homeless accommodation tenancy tenants dwellings",
    "poverty hardship deprivation income welfare benefits",
    "discrimination racism equality equity prejudice bias",
    "education schools schooling learning curriculum teachers kura",
    "health healthcare medical hospital hospitals clinical",
    "employment jobs labour workers workforce workplace",
    "wages pay remuneration salary salaries earnings",
    "migrants migrant refugees refugee asylum immigration",
    "language languages reo",
    "police policing officers",
    "courts court judicial judiciary tribunal",
    "trafficking exploitation slavery servitude forced",
    "climate environment environmental emissions",
    "privacy surveillance personal data",
    "elderly older aged seniors",
    "lgbti lgbt lgbtqi rainbow transgender intersex takatapui",
    "complaints complaint grievance grievances",
    "oversight monitoring inspection inspections inspectorate ombudsman",
    "investigation investigations inquiry inquiries",
    "victims survivors",
    "redress compensation reparation reparations remedy remedies",
    "consultation participation engagement partnership co-design",
    "treaty waitangi tiriti",
    "mental psychiatric psychological wellbeing",
    "restraint seclusion isolation solitary",
    "hate extremism",
    "legal lawyers counsel representation",
]


def stem(word: str) -> str:
    """A word's stem: folded (no case, no macrons), common endings removed,
    at most ``MAX_STEM`` letters. ``Disabilities`` → ``disabil``."""
    word = fold(word)
    if word.endswith("ies") and len(word) > MIN_STEM + 2:
        return (word[:-3] + "y")[:MAX_STEM]  # policies → policy, not polic(e)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    return word[:MAX_STEM]


def significant_words(text: str) -> list[str]:
    """The folded words of ``text`` that say something, in order."""
    return [
        word
        for word in words(fold(text))
        if len(word) >= MIN_WORD and word not in STOP_WORDS and not word.isdigit()
    ]


def _groups() -> dict[str, frozenset[str]]:
    """Each thesaurus stem → the stems of its group (words split at hyphens)."""
    by_stem: dict[str, set[str]] = {}
    for line in THESAURUS:
        stems = frozenset(stem(part) for part in words(line.replace("-", " ")))
        for one in stems:
            by_stem.setdefault(one, set()).update(stems)
    return {one: frozenset(group) for one, group in by_stem.items()}


SYNONYMS = _groups()


def prefixes_of(token: str) -> set[str]:
    """Every stem that matches ``token``: the token itself, and its starts of
    ``MIN_STEM`` letters or more (a stem of fewer letters, ``pre`` of
    ``pre-trial``, must be the whole word, or it would match ``preventive``)."""
    return {token[:length] for length in range(MIN_STEM, len(token))} | {token}


def index_term(stem_: str) -> str:
    """How the full-text index is asked for a stem: ``stem*`` (any word
    starting with it) from ``MIN_STEM`` letters, else the whole word."""
    return f"{stem_}*" if len(stem_) >= MIN_STEM else stem_
