"""Parse what a person types into a search box into words and phrases.

Both database backends take the same parsed form, so ``kokiri "whanau ora"``
means the same thing on PostgreSQL and on SQLite: every term is required, a
quoted part is a phrase. Punctuation separates words (``REC-2019/123`` is the
phrase ``rec 2019 123``), which is also how both indexes tokenise documents.

The admin searches as the person types: ``parse(text, prefix=True)`` makes the
last word a prefix when the text ends inside an unquoted term, so ``122.4``
finds ``122.45`` and ``Māo`` finds ``Māori``. The public API matches whole
words only.
"""

import re
import unicodedata
from collections.abc import Iterator
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
    """Required terms; each term is a tuple of words that must be adjacent.

    With ``prefix`` the last word of the last term may be the start of a word.
    """

    terms: tuple[tuple[str, ...], ...]
    prefix: bool = False

    def __bool__(self):
        return bool(self.terms)

    def each_term(self) -> Iterator["SearchQuery"]:
        """One query per term (the last keeps the prefix), to match each term
        against several sources and require all of them."""
        for number, term in enumerate(self.terms, start=1):
            yield SearchQuery((term,), self.prefix and number == len(self.terms))


def words(text: str) -> tuple[str, ...]:
    """The lower-cased words of ``text``, as the indexes split them."""
    return tuple(word.lower() for word in _WORD.findall(text))


def parse(text: str | None, *, prefix: bool = False) -> SearchQuery:
    """Turn a search string into a :class:`SearchQuery` (empty when no words).

    ``prefix``: the last word is a prefix when the text ends in an unquoted
    word (``122.4``, ``Māo``; not ``"whanau ora"``).
    """
    if not text:
        return SearchQuery(())
    text = unicodedata.normalize("NFC", text[:MAX_QUERY_LENGTH]).translate(_QUOTES)
    terms: list[tuple[str, ...]] = []
    position = 0
    for match in _QUOTED.finditer(text):
        terms.extend(words(chunk) for chunk in text[position : match.start()].split())
        terms.append(words(match.group(1)))
        position = match.end()
    tail = text[position:]
    terms.extend(words(chunk) for chunk in tail.split())
    unique = list(dict.fromkeys(term for term in terms if term))[:MAX_TERMS]
    tail = tail.rstrip()
    last = words(tail.split()[-1]) if tail else ()
    partial = prefix and last in unique and bool(_WORD.match(tail[-1]))
    if partial:
        # The term being typed goes last, where the prefix applies.
        unique.remove(last)
        unique.append(last)
    return SearchQuery(tuple(unique), partial)
