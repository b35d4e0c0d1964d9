"""Resolve taxonomy cells (codes, slugs, names, short names) to objects.

Every lookup is built once per import from the whole (small) table and matches
case-, accent- and spacing-insensitively; a miss says what was probably meant.
Countries also answer to the United Nations' own spellings through pycountry.
"""

import functools
import re
from collections.abc import Callable, Iterable

import pycountry
from django.utils.translation import gettext as _

from .cells import CellError, quote
from .text import did_you_mean, fold


class Lookup:
    """Objects of one table by their folded spellings, best spelling first.

    ``spellings(obj)`` returns the object's spellings from most to least
    specific (code, name, short name); a spelling shared by two objects at the
    same rank is ambiguous, and a more specific spelling wins over a less
    specific one.
    """

    def __init__(
        self,
        label: str,
        objects: Iterable,
        spellings: Callable[[object], Iterable[str]],
        display: Callable[[object], str] = str,
    ):
        self.label = label
        self.display = display
        self.objects = list(objects)
        self.by_pk = {obj.pk: obj for obj in self.objects}
        self._index: dict[str, tuple[int, list]] = {}
        self._suggestions: dict[str, str] = {}
        for obj in self.objects:
            for rank, spelling in enumerate(spellings(obj)):
                if spelling in (None, ""):
                    continue
                self.add(fold(str(spelling)), obj, rank)

    def add(self, key: str, obj, rank: int = 0) -> None:
        current = self._index.get(key)
        if current is None or rank < current[0]:
            self._index[key] = (rank, [obj])
        elif rank == current[0] and obj not in current[1]:
            current[1].append(obj)
        self._suggestions.setdefault(key, self.display(obj))

    def find_by_pk(self, pk):
        return self.by_pk.get(pk)

    def find(self, text: str):
        """The object spelled ``text``, or ``None``; raises when ambiguous."""
        entry = self._index.get(fold(text))
        if entry is None:
            return None
        matches = entry[1]
        if len(matches) > 1:
            raise CellError(
                _("%(value)s could be %(options)s; use the code instead.")
                % {
                    "value": quote(text),
                    "options": _(" or ").join(self.display(obj) for obj in matches),
                }
            )
        return matches[0]

    def resolve(self, text: str):
        found = self.find(text)
        if found is None:
            raise CellError(self.unknown_message(text))
        return found

    def resolve_all(self, items: Iterable[str]) -> list:
        """Every item resolved; all misses reported together."""
        found, problems = [], []
        for item in items:
            try:
                obj = self.resolve(item)
            except CellError as error:
                problems.append(error.message)
                continue
            if obj not in found:
                found.append(obj)
        if problems:
            raise CellError(" ".join(problems))
        return found

    def unknown_message(self, text: str) -> str:
        message = _("%(value)s is not a known %(what)s") % {
            "value": quote(text),
            "what": self.label,
        }
        suggestion = did_you_mean(text, self._suggestions)
        if suggestion:
            message += _(" (did you mean %(option)s?)") % {"option": suggestion}
        return message + "."


# Countries ---------------------------------------------------------------------

# Names in common use that pycountry does not carry; everything else (ISO codes,
# official names, the UN's "Iran (Islamic Republic of)" or "Republic of
# Moldova") follows from pycountry's own names.
COUNTRY_ALIASES = {
    "BRN": ["Brunei"],
    "CIV": ["Ivory Coast"],
    "COD": ["Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic"],
    "FSM": ["Micronesia"],
    "GBR": ["UK", "Great Britain", "Britain"],
    "MKD": ["Macedonia", "The former Yugoslav Republic of Macedonia"],
    "MMR": ["Burma"],
    "PSE": ["Palestine"],
    "RUS": ["Russia"],
    "SWZ": ["Swaziland"],
    "TLS": ["East Timor"],
    "TUR": ["Turkey"],
    "USA": ["US", "United States"],
    "VAT": ["Vatican", "Vatican City"],
}


def country_key(text: str) -> str:
    """Fold a country name so that UN and ISO punctuation agree.

    ``Iran (Islamic Republic of)`` and ``Iran, Islamic Republic of`` both
    become ``iran islamic republic of``.
    """
    key = re.sub(r"[,()\[\].]", " ", fold(text))
    key = re.sub(r"\s+", " ", key).strip()
    return re.sub(r"^the ", "", key)


def country_variants(name: str) -> list[tuple[str, int]]:
    """A name, its inverted form (``Korea, Republic of`` → ``Republic of
    Korea``) and, ranked lower, its form without a parenthesis."""
    variants = [(name, 0)]
    if ", " in name:
        head, tail = name.split(", ", 1)
        variants.append((f"{tail} {head}", 0))
    without = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if without and without != name:
        variants.append((without, 1))
    return variants


@functools.cache
def pycountry_spellings() -> dict[str, list[tuple[int, str]]]:
    """alpha-3 code → [(rank, spelling)] from pycountry and the alias table."""
    spellings: dict[str, list[tuple[int, str]]] = {}
    for country in pycountry.countries:
        names = [
            (0, country.alpha_3),
            (0, country.alpha_2),
            (1, country.name),
            (1, getattr(country, "official_name", "")),
            (1, getattr(country, "common_name", "")),
        ]
        entry = spellings.setdefault(country.alpha_3, [])
        for rank, name in names:
            if not name:
                continue
            for variant, lower in country_variants(name):
                entry.append((rank + lower, variant))
    for code, names in COUNTRY_ALIASES.items():
        spellings.setdefault(code, []).extend((2, name) for name in names)
    return spellings


class CountryLookup(Lookup):
    """Countries by ISO code, English or official name, UN spelling or alias."""

    def __init__(self, countries: Iterable):
        self.label = _("country")
        self.display = str
        self.objects = list(countries)
        self.by_pk = {obj.pk: obj for obj in self.objects}
        self._index = {}
        self._suggestions = {}
        by_code = {country.code: country for country in self.objects}
        for country in self.objects:
            for rank, spelling in (
                (0, country.code),
                (0, country.alpha_2),
                (1, country.name),
                (1, country.official_name),
            ):
                if spelling:
                    self.add(country_key(spelling), country, rank)
        for code, spellings in pycountry_spellings().items():
            country = by_code.get(code)
            if country is None:
                continue
            for rank, spelling in spellings:
                self.add(country_key(spelling), country, rank)

    def find(self, text: str):
        # The whole text first ("Guinea (Bissau)" is Guinea-Bissau), then without
        # the part in brackets; in that order, never a set's (hash-seeded) order.
        whole = country_key(text)
        without_brackets = country_key(re.sub(r"\([^)]*\)", "", text))
        for key in dict.fromkeys((whole, without_brackets)):
            entry = self._index.get(key)
            if entry is None:
                continue
            if len(entry[1]) > 1:
                raise CellError(
                    _("%(value)s could be %(options)s; use the ISO code instead.")
                    % {
                        "value": quote(text),
                        "options": _(" or ").join(str(obj) for obj in entry[1]),
                    }
                )
            return entry[1][0]
        return None

    def unknown_message(self, text: str) -> str:
        code = _pycountry_code(text)
        if code:
            return _(
                "%(value)s (%(code)s) is not in the Monitor's country list; "
                "run manage.py load_taxonomies."
            ) % {"value": quote(text), "code": code}
        message = _("%(value)s is not a known country") % {"value": quote(text)}
        suggestion = did_you_mean(country_key(text), self._suggestions, cutoff=0.8)
        if suggestion:
            message += _(" (did you mean %(option)s?)") % {"option": suggestion}
        return message + "."


def _pycountry_code(text: str) -> str | None:
    key = country_key(text)
    for code, spellings in pycountry_spellings().items():
        if any(country_key(spelling) == key for _rank, spelling in spellings):
            return code
    return None
