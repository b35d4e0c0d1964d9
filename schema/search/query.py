"""Parse what a person types into a search box into words and phrases.

Both database backends take the same parsed form, so ``kokiri "whanau ora"``
means the same thing on PostgreSQL and on SQLite: every term is required, a
quoted part is a phrase. Punctuation separates words (``REC-2019/123`` is the
phrase ``rec 2019 123``), which is also how both indexes tokenise documents.
"""

import re
import unicodedata
from dataclasses import dataclass

# Generous for people, small enough that no query string can make the database
# build an enormous search expression.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 20

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"'})
_QUOTED = re.compile(r'"([^"]*)"?')
# Letters and digits of any script; everything else separates words.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchQuery:
    """Required terms; each term is a tuple of words that must be adjacent."""

    terms: tuple[tuple[str, ...], ...]

    def __bool__(self):
        return bool(self.terms)


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD.findall(text))


def parse(text: str | None) -> SearchQuery:
    """Turn a search string into a :class:`SearchQuery` (empty when no words)."""
    if not text:
        return SearchQuery(())
    text = unicodedata.normalize("NFC", text[:MAX_QUERY_LENGTH]).translate(_QUOTES)
    terms: list[tuple[str, ...]] = []
    position = 0
    for match in _QUOTED.finditer(text):
        terms.extend(_words(chunk) for chunk in text[position : match.start()].split())
        terms.append(_words(match.group(1)))
        position = match.end()
    terms.extend(_words(chunk) for chunk in text[position:].split())
    unique = list(dict.fromkeys(term for term in terms if term))
    return SearchQuery(tuple(unique[:MAX_TERMS]))
