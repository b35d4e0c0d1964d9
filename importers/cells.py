"""Turn one cell into one value, or say precisely what is wrong with it.

A cell arrives as ``str``, ``datetime.date``/``datetime.datetime`` (XLSX),
``None`` or ``Formula``. Every parser raises ``CellError`` with a message that
quotes the value and, where it can, says what was probably meant.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from .text import did_you_mean, fold, normalise_text

TRUE_WORDS = {"yes", "y", "true", "1", "x", "oui", "ae"}
FALSE_WORDS = {"no", "n", "false", "0", "non", "kao"}
SMART_LETTERS = "SMART"

_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_FUNCTION_CALL = re.compile(r"^[+\-@][A-Za-z_][\w.]*\(")
_DDE = re.compile(r"^[+\-@=].*\w\|.*!")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


class Formula(str):
    """A cell that a spreadsheet would run as a formula."""


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def clean_text_cell(value: str):
    """Undo our export's neutralisation (``'=x`` → ``=x``); flag formulas.

    Excel runs a cell starting with ``=`` as a formula, and also ``+``, ``-``
    or ``@`` followed by a function call or a DDE link. Other cells starting
    with ``-`` or ``+`` (a bullet, a phone number) are ordinary text.
    """
    if _NEUTRALISED.match(value):
        return value[1:]
    stripped = value.lstrip()
    if (
        stripped.startswith("=")
        or _FUNCTION_CALL.match(stripped)
        or _DDE.match(stripped)
    ):
        return Formula(value)
    return value


def quote(value) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"“{text}”"


def as_text(cell) -> str:
    """Any cell as normalised text; formulas are refused."""
    if cell is None:
        return ""
    if isinstance(cell, Formula):
        raise CellError(
            _(
                "%(value)s is a formula; imports take values only. Paste the "
                "values instead (Paste Special → Values), or start the cell "
                "with an apostrophe to keep it as text."
            )
            % {"value": quote(cell)}
        )
    if isinstance(cell, datetime.datetime):
        # A date cell (the export writes dates as such) comes back at midnight.
        if cell.time() == datetime.time():
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return normalise_text(cell)


def parse_text(cell, *, max_length: int | None = None, required: bool = False) -> str:
    text = as_text(cell)
    if required and not text:
        raise CellError(_("required; this cell is empty."))
    if max_length and len(text) > max_length:
        raise CellError(
            _("is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(text), "max": max_length}
        )
    return text


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_decimal(cell, *, max_digits: int, decimal_places: int) -> Decimal | None:
    """A number such as ``12.5``, ``-3`` or ``1,200`` (empty: none).

    A comma only groups thousands (``1,200``); the decimal point is a point.
    """
    text = as_text(cell).replace(" ", "")
    if not text:
        return None
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise CellError(
            _("%(value)s is not a number; write it with a decimal point, e.g. 12.5.")
            % {"value": quote(as_text(cell))}
        )
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits numbers only
        message = _("%(value)s is not a number.") % {"value": quote(text)}
        raise CellError(message) from None
    _sign, digits, exponent = value.normalize().as_tuple()
    places = max(0, -exponent)
    whole = len(digits) + exponent
    if places > decimal_places:
        raise CellError(
            _("%(value)s has %(places)d decimal places; at most %(max)d are kept.")
            % {"value": quote(text), "places": places, "max": decimal_places}
        )
    if whole > max_digits - decimal_places:
        raise CellError(
            _("%(value)s is too large; at most %(max)d digits before the point.")
            % {"value": quote(text), "max": max_digits - decimal_places}
        )
    return value


def parse_bool(cell) -> bool:
    text = fold(as_text(cell))
    if not text:
        return False
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("%(value)s is not yes or no.") % {"value": quote(as_text(cell))})


def parse_date(cell, *, allow_serial: bool = False) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = as_text(cell)
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(
                _("%(value)s is not a real date.") % {"value": quote(text)}
            ) from None
    if allow_serial and re.fullmatch(r"\d{4,6}(\.\d+)?", text):
        return _EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    message = _("%(value)s is not a date; write dates as YYYY-MM-DD") % {
        "value": quote(text)
    }
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            suggestion = datetime.date(year, month, day).isoformat()
        except ValueError:
            suggestion = None
        if suggestion:
            message += _(" (did you mean %(date)s?)") % {"date": suggestion}
    raise CellError(message + ".")


@functools.cache
def _choice_spellings(choices) -> dict[str, str]:
    options = {}
    for member in choices:
        for spelling in (member.value, member.label, member.name):
            options.setdefault(fold(str(spelling)), member.value)
    return options


def parse_choice(cell, choices) -> str:
    """A ``TextChoices`` value from its value, label or enum name."""
    text = as_text(cell)
    if not text:
        return ""
    found = _choice_spellings(choices).get(fold(text))
    if found is not None:
        return found
    raise CellError(_unknown_choice(text, choices))


def parse_int_choice(cell, choices) -> int | None:
    """An ``IntegerChoices`` value from its number or label."""
    text = as_text(cell)
    if not text:
        return None
    number = re.sub(r"\.0+$", "", text)
    for member in choices:
        if number == str(member.value) or fold(text) == fold(str(member.label)):
            return member.value
    raise CellError(_unknown_choice(text, choices))


def _unknown_choice(text, choices) -> str:
    labels = {fold(str(member.label)): str(member.value) for member in choices}
    labels.update({fold(str(member.value)): str(member.value) for member in choices})
    message = _("%(value)s is not one of: %(options)s") % {
        "value": quote(text),
        "options": ", ".join(str(member.value) for member in choices),
    }
    suggestion = did_you_mean(text, labels)
    if suggestion:
        message += _(" (did you mean %(option)s?)") % {"option": suggestion}
    return message + "."


def split_list(cell, separator: str = ";") -> list[str]:
    """The items of a list cell (``a; b``), without blanks and duplicates."""
    items = []
    for part in as_text(cell).split(separator):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    return items


def split_bullets(cell) -> list[str]:
    """UHRI list cells: one item per line, each with a leading ``- ``."""
    items = []
    for line in as_text(cell).split("\n"):
        line = re.sub(r"^\s*[-•–]\s*", "", line).strip()
        if line and line not in items:
            items.append(line)
    return items


def parse_url(cell) -> str:
    text = parse_text(cell, max_length=500)
    if text:
        try:
            URLValidator()(text)
        except ValidationError:
            raise CellError(
                _("%(value)s is not a web address (https://…).")
                % {"value": quote(text)}
            ) from None
    return text


def parse_smart(cell) -> list[str]:
    """SMART letters (``SMRT``, ``S; M; R`` or ``s m``), in SMART order."""
    text = re.sub(r"[\s;,/]+", "", as_text(cell)).upper()
    wrong = sorted({letter for letter in text if letter not in SMART_LETTERS})
    if wrong:
        raise CellError(
            _("%(value)s: %(letters)s is not a SMART letter (use S, M, A, R, T).")
            % {"value": quote(as_text(cell)), "letters": ", ".join(wrong)}
        )
    return [letter for letter in SMART_LETTERS if letter in text]
