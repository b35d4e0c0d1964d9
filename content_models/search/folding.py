"""Search of small tables (taxonomies, users) in Python, macron-insensitively.

A few hundred rows are read and compared in memory: simpler than a full-text
index per table and it needs nothing from the database. A row matches when
every term of the query (:func:`~.query.parse`: words and ``"phrases"``) is
inside its text, as ``icontains`` would find it, but insensitive to case,
macrons and other accents (``maori`` = ``Māori``, ``cote`` = ``Côte``) and to
punctuation (``d'ivoire`` = ``d ivoire``).
"""

import unicodedata

from .query import SearchQuery, words

# Joins the fields of a row: no term (words and spaces) can match across it.
_FIELD_SEPARATOR = " | "


def fold(text: str) -> str:
    """``text`` without case and accents: NFKD, combining marks dropped,
    casefolded (``Māori`` → ``maori``, ``Straße`` → ``strasse``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        char for char in decomposed if not unicodedata.combining(char)
    ).casefold()


def folded_words(text: str) -> str:
    """The words of ``text``, folded and joined by single spaces."""
    return " ".join(words(fold(text)))


def row_text(values) -> str:
    """What a row's ``values`` are matched on."""
    return _FIELD_SEPARATOR.join(folded_words(str(value or "")) for value in values)


def matches(query: SearchQuery, text: str) -> bool:
    """Whether every term of ``query`` is in ``text`` (from :func:`row_text`)."""
    return all(folded_words(" ".join(term)) in text for term in query.terms)


def matching_pks(queryset, fields, query: SearchQuery) -> list:
    """Primary keys of the rows of ``queryset`` whose ``fields`` match ``query``.

    Meant for small tables: every row of ``queryset`` is read.
    """
    if not query:
        return []
    return [
        pk
        for pk, *values in queryset.values_list("pk", *fields)
        if matches(query, row_text(values))
    ]
