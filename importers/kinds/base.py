"""What every kind of file shares: columns, taxonomy lookups and the kind API."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from content_models.models import (
    AffectedGroup,
    Agency,
    Country,
    HumanRightsBody,
    HumanRightsIssue,
    ReportingCycle,
    SmartCriterion,
    SustainableDevelopmentGoal,
)

from .. import cells
from ..lookups import CountryLookup, Lookup

EXAMPLE_MARKER = "EXAMPLE"


@dataclass(frozen=True)
class Column:
    """One column of a template: how a cell becomes a field value and back.

    ``parse(cell, context)`` returns the field's value (objects for relations)
    or raises ``CellError``; ``export(value, context)`` turns a comparable
    value (``state.comparable``) back into the cell text.
    """

    name: str
    field: str | None
    parse: Callable[[Any, "Context"], Any]
    export: Callable[[Any, "Context"], str] | None = None
    required: bool = False
    key: bool = False
    example: str = ""
    help: str = ""


class Context:
    """Lookups and caches for one import or export, built lazily."""

    def __init__(self, model):
        self.model = model

    def max_length(self, name: str) -> int | None:
        return self.model._meta.get_field(name).max_length

    @cached_property
    def cycles(self) -> Lookup:
        return Lookup(
            _("reporting cycle"),
            ReportingCycle.objects.select_related("body"),
            lambda cycle: (cycle.code, cycle.name),
            display=lambda cycle: cycle.code,
        )

    @cached_property
    def bodies(self) -> Lookup:
        return Lookup(
            _("human rights body"),
            HumanRightsBody.objects.all(),
            lambda body: (body.code, body.name),
            display=lambda body: body.code,
        )

    @cached_property
    def agencies(self) -> Lookup:
        return Lookup(
            _("agency"),
            Agency.objects.all(),
            lambda agency: (agency.code, agency.name),
            display=lambda agency: agency.code,
        )

    @cached_property
    def issues(self) -> Lookup:
        return _term_lookup(_("human rights issue"), HumanRightsIssue)

    @cached_property
    def affected_groups(self) -> Lookup:
        return _term_lookup(_("affected group"), AffectedGroup)

    @cached_property
    def sdgs(self) -> Lookup:
        return Lookup(
            _("sustainable development goal"),
            SustainableDevelopmentGoal.objects.all(),
            lambda goal: (
                str(goal.number),
                f"SDG {goal.number}",
                f"Goal {goal.number}",
                goal.name,
            ),
            display=lambda goal: str(goal.number),
        )

    @cached_property
    def smart(self) -> dict[str, SmartCriterion]:
        return {
            criterion.letter: criterion for criterion in SmartCriterion.objects.all()
        }

    @cached_property
    def countries(self) -> CountryLookup:
        return CountryLookup(Country.objects.all())

    def code_of(self, lookup: str, pk) -> str:
        """The export spelling (code, slug, number) of ``pk`` in ``lookup``."""
        codes = self.__dict__.setdefault(f"_codes_{lookup}", None)
        if codes is None:
            codes = {obj.pk: _export_code(obj) for obj in getattr(self, lookup).objects}
            self.__dict__[f"_codes_{lookup}"] = codes
        return codes.get(pk, str(pk))


def _term_lookup(label, model) -> Lookup:
    return Lookup(
        label,
        model.objects.all(),
        lambda term: (term.slug, term.name, term.short_name),
        display=lambda term: term.slug,
    )


def _export_code(obj) -> str:
    for attribute in ("code", "slug", "number", "letter"):
        if hasattr(obj, attribute):
            return str(getattr(obj, attribute))
    return str(obj.pk)


# Column builders -----------------------------------------------------------------


def export_text(value, context) -> str:
    return value or ""


def export_bool(value, context) -> str:
    # The contract's spelling, whatever the site's language.
    return "yes" if value else "no"


def export_date(value, context) -> str:
    return value.isoformat() if value else ""


def export_plain(value, context) -> str:
    return "" if value is None else str(value)


def text(name: str, *, required_value: bool = False, **options) -> Column:
    def parse(cell, context):
        return cells.parse_text(
            cell, max_length=context.max_length(name), required=required_value
        )

    return Column(name, name, parse, export_text, **options)


def boolean(name: str, **options) -> Column:
    return Column(
        name, name, lambda cell, context: cells.parse_bool(cell), export_bool, **options
    )


def date(name: str, **options) -> Column:
    return Column(
        name, name, lambda cell, context: cells.parse_date(cell), export_date, **options
    )


def choice(name: str, choices, **options) -> Column:
    return Column(
        name,
        name,
        lambda cell, context: cells.parse_choice(cell, choices),
        export_plain,
        **options,
    )


def url(name: str, **options) -> Column:
    return Column(
        name, name, lambda cell, context: cells.parse_url(cell), export_text, **options
    )


def related(
    name: str, lookup: str, *, field_name: str | None = None, **options
) -> Column:
    """A foreign key by code or name (empty cell: none)."""

    def parse(cell, context):
        value = cells.as_text(cell)
        return getattr(context, lookup).resolve(value) if value else None

    def export(value, context):
        return "" if value is None else context.code_of(lookup, value)

    return Column(name, field_name or name, parse, export, **options)


def related_list(
    name: str, lookup: str, *, field_name: str | None = None, **options
) -> Column:
    """A many-to-many list, ``;``-separated (empty cell: none)."""

    def parse(cell, context):
        return getattr(context, lookup).resolve_all(cells.split_list(cell))

    def export(value, context):
        return "; ".join(
            sorted((context.code_of(lookup, pk) for pk in value), key=_natural)
        )

    return Column(name, field_name or name, parse, export, **options)


def smart(
    name: str = "smart", *, field_name: str = "smart_criteria", **options
) -> Column:
    def parse(cell, context):
        letters = cells.parse_smart(cell)
        missing = [letter for letter in letters if letter not in context.smart]
        if missing:
            raise cells.CellError(
                _("the SMART criteria %(letters)s are not set up; run load_taxonomies.")
                % {"letters": ", ".join(missing)}
            )
        return [context.smart[letter] for letter in letters]

    def export(value, context):
        letters = {
            criterion.pk: criterion.letter for criterion in context.smart.values()
        }
        chosen = {letters.get(pk, "") for pk in value}
        return "".join(letter for letter in cells.SMART_LETTERS if letter in chosen)

    return Column(name, field_name, parse, export, **options)


def _natural(code: str):
    return (len(code), code) if code.isdigit() else (0, code.casefold())


@dataclass
class ParsedRow:
    """One data row: its number, its parsed values by field, and its key."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    key: tuple = ()
    label: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    # Parsed cells of columns that set no field directly (UHRI body, themes…).
    extra: dict[str, Any] = field(default_factory=dict)
    # Why the row is skipped (e.g. a UHRI concern rather than a recommendation).
    skip: str = ""
    # Columns whose cell was refused: rules about them would only repeat it.
    failed: set = field(default_factory=set)


class Kind:
    """One kind of import file (subclassed per kind; see ``KINDS``).

    The pipeline parses each present column into ``ParsedRow.values`` and asks
    the kind for the row's key, the existing objects, and the rules that span
    several cells or rows.
    """

    name: str = ""
    model = None
    columns: list[Column] = []
    # Headers that may be present and are ignored (an export's extra columns).
    ignored_headers: tuple[str, ...] = ()
    # Header spellings that mean a column: {"recommending body": "Reccomending Body"}.
    header_aliases: dict[str, str] = {}
    exportable = True

    def field_names(self) -> list[str]:
        """Model fields the kind can set (the comparison covers these)."""
        names = []
        for column in self.columns:
            if column.field and column.field not in names:
                names.append(column.field)
        return names + [name for name in self.extra_fields() if name not in names]

    def extra_fields(self) -> list[str]:
        return []

    def required_columns(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    def is_example(self, raw: dict) -> bool:
        value = raw.get("reference")
        return isinstance(value, str) and value.strip().upper() == EXAMPLE_MARKER

    def finish_row(self, row: ParsedRow, context: Context, report) -> None:
        """Derive values that need several cells (after every cell parsed)."""

    def key_of(self, row: ParsedRow, context: Context) -> tuple | None:
        raise NotImplementedError

    def adjust(self, row: ParsedRow, existing, context: Context, report) -> None:
        """Last changes to a row's values once its existing object is known."""

    def label_of(self, row: ParsedRow) -> str:
        return " / ".join(str(part) for part in row.key)

    def find_existing(self, rows: list[ParsedRow], context: Context) -> dict:
        """``{row number: Existing}`` for the rows that match an object."""
        raise NotImplementedError

    def check(self, row: ParsedRow, merged: dict, existing, context, report) -> None:
        """Rules across the cells of one row, on its state after the import."""

    def check_file(self, plans: list, context: Context, report) -> None:
        """Rules across rows (and the database)."""

    def prime(self, instance, context: Context) -> None:
        """Attach related objects ``str(instance)`` needs, without queries."""

    def example_row(self) -> list[str]:
        return [column.example for column in self.columns]
