"""Read → map headers → validate every row → plan. Nothing here writes.

``prepare()`` returns a ``Prepared`` import: the plan of every row (create,
update or unchanged, with the fields that change) and every problem found, each
tied to a row and a column. The writer (``writer.py``) applies a plan that has
no problems.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from . import conf
from .cells import CellError, as_text, quote
from .errors import FileRefused, ImportProblem, file_problem
from .gate import hold
from .kinds import get_kind
from .kinds.base import Context, Kind, ParsedRow
from .reading import Source, open_table
from .state import Existing, comparable, comparable_value, field_kind, snapshot
from .text import column_letter, did_you_mean, header_key

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


class Report:
    """Problems of one file, each at ``row N, column``; keeps the first ones."""

    def __init__(
        self,
        columns: dict[str, tuple[str, int]],
        limit: int,
        fields: dict[str, str] | None = None,
    ):
        self.columns = columns
        # Model field name → column name, for rules that name a field.
        self.fields = fields or {}
        self.limit = limit
        self.problems: list[ImportProblem] = []
        self.total = 0

    @property
    def ok(self) -> bool:
        return self.total == 0

    def sort(self) -> None:
        """Order problems as a person reads the sheet: by row, then by column."""
        indexes = {header: index for header, index in self.columns.values()}

        def position(problem):
            row = -1 if problem.row is None else problem.row
            return row, indexes.get(problem.column, -1)

        self.problems.sort(key=position)

    def add(self, row: ParsedRow, column: str | None, message: str, value=None):
        self.add_at(row.number, column, message, value)

    def add_at(self, number: int | None, column: str | None, message: str, value=None):
        self.total += 1
        if len(self.problems) >= self.limit:
            return
        column = self.fields.get(column, column)
        header, index = self.columns.get(column, (column, None))
        self.problems.append(
            ImportProblem(
                message=message,
                row=number,
                column=header,
                letter=column_letter(index) if index is not None else "",
                value="" if value is None else _cell_repr(value),
            )
        )


def _cell_repr(value) -> str:
    try:
        return as_text(value)[:200]
    except CellError:
        return str(value)[:200]


@dataclass
class Plan:
    row: ParsedRow
    existing: Existing | None
    merged: dict
    changes: list[str]
    action: str
    publish: bool = False
    # Filled in by the writer: the object as saved, and its revision to publish.
    instance: Any = None
    revision: Any = None

    @property
    def values(self) -> dict:
        return self.row.values


@dataclass
class Prepared:
    kind: Kind
    context: Context
    source: Source
    plans: list[Plan] = field(default_factory=list)
    report: Report | None = None
    row_count: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    # Publications kept as drafts because their cycle awaits Cabinet (gate.py).
    held: int = 0

    def count(self, action: str) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    @property
    def to_publish(self) -> int:
        return sum(1 for plan in self.plans if plan.publish)

    def column_title(self, field_name: str) -> str:
        """The header (as written in the file) of the column setting a field."""
        name = self.report.fields.get(field_name, field_name)
        return self.report.columns.get(name, (name,))[0]

    def preview(self, limit: int) -> list[dict]:
        rows = []
        for plan in self.plans[:limit]:
            rows.append(
                {
                    "row": plan.row.number,
                    "action": plan.action,
                    "label": plan.row.label,
                    "changes": [self.column_title(name) for name in plan.changes],
                    "publish": plan.publish,
                }
            )
        return rows


class Throttle:
    """Calls ``callback(phase, fraction)`` at most every few tenths of a second."""

    def __init__(self, callback: Callable | None):
        self.callback = callback
        self.last = 0.0

    def __call__(self, phase: str, fraction: float, force: bool = False):
        if self.callback is None:
            return
        now = time.monotonic()
        if force or now - self.last >= conf.get("PROGRESS_INTERVAL"):
            self.last = now
            self.callback(phase, fraction)


def map_header(kind: Kind, header: list[str], header_row: int):
    """``({column name: (header text, index)}, problems)`` for the header row."""
    by_key = {header_key(column.name): column for column in kind.columns}
    for alias, name in kind.header_aliases.items():
        by_key.setdefault(alias, by_key[header_key(name)])
    ignored = {header_key(name) for name in kind.ignored_headers}
    expected = ", ".join(column.name for column in kind.columns)
    suggestions = {header_key(column.name): column.name for column in kind.columns}
    positions: dict[str, tuple[str, int]] = {}
    problems = []
    for index, text in enumerate(header):
        text = (text or "").strip()
        if not text:
            continue
        key = header_key(text)
        if key in ignored:
            continue
        column = by_key.get(key)
        if column is None:
            message = _(
                "unknown column; the columns of a %(kind)s file are: %(expected)s"
            ) % {
                "kind": kind.name,
                "expected": expected,
            }
            suggestion = did_you_mean(text, suggestions)
            if suggestion:
                message += _(" (did you mean %(column)s?)") % {"column": suggestion}
            hint = _wrong_delimiter_hint(text) if len(header) == 1 else ""
            problem = ImportProblem(
                message + hint + ".", header_row, text, column_letter(index)
            )
            if hint:
                # The missing columns are all in this one cell: say only that.
                return positions, [problem]
            problems.append(problem)
            continue
        if column.name in positions:
            first_text, first_index = positions[column.name]
            problems.append(
                ImportProblem(
                    _(
                        "this column appears twice (columns %(first)s and %(second)s); "
                        "keep one."
                    )
                    % {
                        "first": column_letter(first_index),
                        "second": column_letter(index),
                    },
                    header_row,
                    text,
                    column_letter(index),
                )
            )
            continue
        positions[column.name] = (text, index)
    present = ", ".join(text for text, _index in positions.values()) or _("none")
    for column in kind.required_columns():
        if column.name not in positions:
            problems.append(
                ImportProblem(
                    _(
                        "this required column is missing; the file's columns are: "
                        "%(present)s."
                    )
                    % {"present": present},
                    header_row,
                    column.name,
                )
            )
    return positions, problems


def _wrong_delimiter_hint(text: str) -> str:
    for candidate in ("|", ":", "#", "~", "^"):
        if candidate in text:
            return _(
                "; the file seems to separate its columns with %(char)s: save it with "
                "commas, semicolons or tabs (Excel: Save As → CSV UTF-8)"
            ) % {"char": quote(candidate)}
    return ""


def prepare(
    kind_name: str,
    source: Source,
    *,
    publish: bool = False,
    user=None,
    progress: Callable | None = None,
) -> Prepared:
    """Check ``source`` as a ``kind_name`` file and plan every row.

    Raises ``FileRefused`` when the file cannot be read as a table at all;
    otherwise the problems are in ``prepared.report``.
    """
    throttle = Throttle(progress)
    kind = get_kind(kind_name)
    table = open_table(source)
    positions, header_problems = map_header(kind, table.header, table.header_row)
    if header_problems:
        raise FileRefused(*header_problems)
    context = Context(kind.model)
    report = Report(
        positions,
        conf.get("MAX_STORED_ERRORS"),
        fields={c.field: c.name for c in kind.columns if c.field and c.field != c.name},
    )
    prepared = Prepared(kind, context, source, report=report, notes=table.notes)
    columns = {column.name: column for column in kind.columns}
    width = len(table.header)
    headerless = {
        index for index, text in enumerate(table.header) if not (text or "").strip()
    }
    flagged_headerless = set()
    rows: list[ParsedRow] = []
    examples = 0
    max_rows = conf.get("MAX_ROWS")

    for raw in table.rows:
        throttle("checking", table.progress() * 0.8)
        row = ParsedRow(number=raw.number)
        for name, (_text, index) in positions.items():
            row.raw[name] = raw.cells[index] if index < len(raw.cells) else None
        if kind.is_example(row.raw):
            examples += 1
            continue
        prepared.row_count += 1
        if prepared.row_count > max_rows:
            raise file_problem(
                _(
                    "the file has more than %(max)d data rows; split it into "
                    "smaller files."
                )
                % {"max": max_rows}
            )
        _check_stray_cells(raw, width, headerless, flagged_headerless, report)
        key_ok = True
        for name, cell in row.raw.items():
            column = columns[name]
            try:
                value = column.parse(cell, context)
            except CellError as error:
                report.add(row, name, error.message, cell)
                row.failed.add(name)
                key_ok = key_ok and not column.key
                continue
            if column.field:
                row.values[column.field] = value
            else:
                row.extra[column.name] = value
        row.raw = {}
        kind.finish_row(row, context, report)
        if row.skip:
            prepared.skipped += 1
            continue
        row.key = kind.key_of(row, context) if key_ok else None
        if row.key is not None:
            row.label = kind.label_of(row)
        rows.append(row)

    if prepared.row_count == 0:
        raise file_problem(
            _(
                "the file has a header row but no data rows (the template's "
                "example row is ignored)."
            )
            if examples
            else _("the file has a header row but no data rows.")
        )
    throttle("checking", 0.8, force=True)
    prepared.plans = _plan(kind, context, rows, report, publish=publish, user=user)
    kind.check_file(prepared.plans, context, report)
    if publish:
        prepared.held = hold(kind, prepared.plans)
    report.sort()
    throttle("checking", 1.0, force=True)
    return prepared


def _check_stray_cells(raw, width, headerless, flagged, report):
    for index, cell in enumerate(raw.cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if index >= width:
            report.add_at(
                raw.number,
                None,
                _(
                    "the row has more cells (%(cells)d) than the header has columns "
                    "(%(columns)d); check the quotes and the separators."
                )
                % {"cells": len(raw.cells), "columns": width},
            )
            return
        if index in headerless and index not in flagged:
            flagged.add(index)
            report.add_at(
                raw.number,
                column_letter(index),
                _(
                    "a value in a column without a header; name the column or "
                    "delete it."
                ),
                cell,
            )


def _plan(kind, context, rows, report, *, publish, user) -> list[Plan]:
    key_column = [column.name for column in kind.columns if column.key][-1]
    first_row = {}
    unique_rows = []
    for row in rows:
        if row.key is None:
            continue
        if row.key in first_row:
            report.add(
                row,
                key_column,
                _(
                    "%(label)s is already in row %(row)d; each object appears once "
                    "per file."
                )
                % {"label": row.label, "row": first_row[row.key]},
            )
            continue
        first_row[row.key] = row.number
        unique_rows.append(row)

    existing_by_row = kind.find_existing(unique_rows, context) if unique_rows else {}
    model = kind.model
    names = kind.field_names()
    fields = {name: model._meta.get_field(name) for name in names}
    defaults = {
        name: frozenset() if field_kind(f) == "m2m" else comparable(f, f.get_default())
        for name, f in fields.items()
    }
    plans = []
    for row in unique_rows:
        existing = existing_by_row.get(row.number)
        kind.adjust(row, existing, context, report)
        base = snapshot(model, existing.content, names) if existing else dict(defaults)
        merged = dict(base)
        changes = []
        for name, value in row.values.items():
            new = comparable_value(fields[name], value)
            if existing is None or new != base[name]:
                changes.append(name)
            merged[name] = new
        kind.check(row, merged, existing, context, report)
        if existing is None:
            action = CREATE
        else:
            action = UPDATE if changes else UNCHANGED
        plan = Plan(row, existing, merged, changes, action)
        plan.publish = publish and (
            action != UNCHANGED
            or not existing.row.live
            or existing.row.has_unpublished_changes
        )
        if existing is not None and (action == UPDATE or plan.publish):
            _check_lock(plan, user, key_column, report)
        plans.append(plan)
    return plans


def _check_lock(plan, user, column, report):
    row = plan.existing.row
    if getattr(row, "locked", False) and (user is None or row.locked_by_id != user.pk):
        report.add(
            plan.row,
            column,
            _("%(label)s is locked in the admin (by %(user)s); unlock it first.")
            % {"label": plan.row.label, "user": row.locked_by or _("someone")},
        )
