"""Text normalisation shared by header mapping, taxonomy matching and comparison."""

import difflib
import functools
import re
import unicodedata

_SEPARATORS = re.compile(r"[\s_\-/]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


@functools.lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """A matching key: case-, accent-, spacing- and ``&``-insensitive.

    ``Côte d’Ivoire`` → ``cote d'ivoire``; ``Equality & non-discrimination`` →
    ``equality and non discrimination``; ``Māori`` → ``maori``.
    """
    value = unicodedata.normalize("NFKD", str(value))
    value = "".join(char for char in value if not unicodedata.combining(char))
    value = value.casefold().translate(_QUOTES).replace("&", " and ")
    return _SEPARATORS.sub(" ", value).strip()


def header_key(value: str) -> str:
    """How a header is matched: ``Recommending States`` → ``recommending_states``."""
    return fold(value).replace(" ", "_")


def normalise_text(value: str) -> str:
    """Stored form of a text cell: Unix line endings, no surrounding blanks."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def did_you_mean(value: str, candidates: dict[str, str], cutoff: float = 0.75):
    """The display form of the candidate closest to ``value``, or ``None``.

    ``candidates`` maps folded keys to what the message shows.
    """
    matches = difflib.get_close_matches(fold(value), list(candidates), 1, cutoff)
    return candidates[matches[0]] if matches else None


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
