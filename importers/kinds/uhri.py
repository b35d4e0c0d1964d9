"""The Universal Human Rights Index export, as OHCHR produces it.

Key: ``OHCHR Annotation Id`` (stored as ``uhri_id``). The body comes from
``Reccomending Body`` [sic], the cycle from ``Document Symbol`` (matched with a
cycle's document symbol), the UPR session or the publication year; themes and
affected persons go through the ``UhriMapping`` table (editable in the admin),
then the Monitor's own issue and group names. Rows whose ``Type`` is not a
recommendation (concerns, positive aspects) are skipped.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from content_models.models import HumanRightsBody, Recommendation

from .. import cells
from ..models import UhriMapping
from ..state import load_rows
from ..text import fold
from .actions import RecommendationIndex
from .base import EXAMPLE_MARKER, Column, Kind
from .recommendations import reference_key

# UHRI names committees by their own acronyms; presets often use the treaty's.
BODY_ALIASES = {
    "ccpr": "ICCPR",
    "cescr": "ICESCR",
    "crc op ac": "CRC",
    "crc op sc": "CRC",
    "crc op ic": "CRC",
    "spt": "CAT",
}
UPR_POSITIONS = {
    "supported": Recommendation.UprResponse.SUPPORTED,
    "accepted": Recommendation.UprResponse.SUPPORTED,
    "noted": Recommendation.UprResponse.NOTED,
    "supported in part": Recommendation.UprResponse.SUPPORTED_IN_PART,
    "partially supported": Recommendation.UprResponse.SUPPORTED_IN_PART,
    "supported noted": Recommendation.UprResponse.SUPPORTED_IN_PART,
}
_UPR_PARAGRAPH = re.compile(r"^\s*(\d{1,3}\.\d{1,3})\b")
_TREATY_PARAGRAPH = re.compile(r"^[^\n\d]{0,150}?\b(\d{1,3})\s*\.(?!\d)")
_SDG = re.compile(r"^(?:sdg|goal)?\s*(\d{1,2})(?:\.\w+)?\b", re.IGNORECASE)


def _first(cell):
    items = cells.split_bullets(cell)
    return items[0] if items else ""


def _annotation_id(cell, context):
    value = cells.parse_text(
        cell, max_length=context.max_length("uhri_id"), required=True
    )
    return re.sub(r"^-\s*", "", value)


class UhriKind(Kind):
    name = "uhri"
    model = Recommendation
    exportable = False
    columns = [
        Column(
            "Text",
            "text",
            lambda cell, context: cells.parse_text(cell, required=True),
            required=True,
            example="122.45 Take further measures to combat family violence "
            "(Australia);",
        ),
        Column(
            "Document Symbol",
            "document_symbol",
            lambda cell, c: _first(cell),
            example="A/HRC/56/15",
        ),
        Column(
            "Themes",
            None,
            lambda cell, c: cells.split_bullets(cell),
            example="- Women & girls\n- Equality & non-discrimination",
        ),
        Column(
            "Affected Persons",
            None,
            lambda cell, c: cells.split_bullets(cell),
            example="- Women & girls",
        ),
        Column(
            "Sdgs",
            None,
            lambda cell, c: cells.split_bullets(cell),
            example="- 5 - GENDER EQUALITY",
        ),
        Column(
            "UPR Reccomending States",
            "recommending_states",
            lambda cell, context: context.countries.resolve_all(
                cells.split_bullets(cell)
            ),
            example="- Australia",
        ),
        Column(
            "UPR Position", None, lambda cell, c: _first(cell), example="- Supported"
        ),
        Column(
            "OHCHR Annotation Id",
            "uhri_id",
            _annotation_id,
            required=True,
            key=True,
            example="EXAMPLE",
        ),
        Column(
            "Reccomending Body",
            None,
            lambda cell, c: _first(cell),
            required=True,
            example="- UPR",
        ),
        Column("UPR Session", None, lambda cell, c: _first(cell), example="- 46"),
        Column(
            "Document Publication Date",
            None,
            lambda cell, c: cells.parse_date(cell, allow_serial=True),
            example="2024-04-18",
        ),
        Column("Type", None, lambda cell, c: _first(cell), example="- Recommendations"),
    ]
    ignored_headers = (
        "Countries Concerned",
        "Regions Concerned",
        "Regions",
        "Recommending Regions",
        "Date of publication on UHRI",
    )
    header_aliases = {
        "recommending_body": "Reccomending Body",
        "upr_recommending_states": "UPR Reccomending States",
        "annotation_id": "OHCHR Annotation Id",
    }

    def __init__(self):
        self.unmapped = defaultdict(list)
        self.assigned = defaultdict(set)

    def extra_fields(self):
        return [
            "cycle",
            "reference",
            "paragraph",
            "issues",
            "affected_groups",
            "sdgs",
            "upr_response",
        ]

    def is_example(self, raw):
        value = raw.get("OHCHR Annotation Id")
        return isinstance(value, str) and value.strip().upper() == EXAMPLE_MARKER

    def key_of(self, row, context):
        uhri_id = row.values.get("uhri_id")
        return (uhri_id,) if uhri_id else None

    def label_of(self, row):
        return row.values["uhri_id"]

    # Row by row ------------------------------------------------------------

    def finish_row(self, row, context, report):
        kind = row.extra.get("Type", "")
        if kind and "recommendation" not in fold(kind):
            row.skip = _("type %(type)s is not a recommendation") % {"type": kind}
            return
        body = self._body(row, context, report)
        if body is None:
            return
        self._cycle(row, body, context)
        paragraph = self._paragraph(row.values.get("text", ""), body)
        if paragraph:
            row.values["paragraph"] = paragraph
        self._terms(row, context)
        if "Sdgs" in row.extra:
            self._sdgs(row, context, report)
        if "UPR Position" in row.extra and body.kind == HumanRightsBody.Kind.UPR:
            self._position(row, report)

    def _body(self, row, context, report):
        label = row.extra.get("Reccomending Body", "")
        symbol = row.values.get("document_symbol", "")
        candidates = [label, BODY_ALIASES.get(fold(label), "")]
        if symbol:
            prefix = symbol.split("/")[0]
            candidates += [prefix, BODY_ALIASES.get(fold(prefix), "")]
        for candidate in candidates:
            if candidate:
                try:
                    body = context.bodies.find(candidate)
                except cells.CellError:
                    body = None
                if body is not None:
                    return body
        if not label:
            report.add(row, "Reccomending Body", _("required; this cell is empty."))
        else:
            report.add(row, "Reccomending Body", context.bodies.unknown_message(label))
        return None

    def _cycle(self, row, body, context):
        cycles = [cycle for cycle in context.cycles.objects if cycle.body_id == body.pk]
        symbol = fold(row.values.get("document_symbol", ""))
        found = [
            cycle
            for cycle in cycles
            if symbol and fold(cycle.document_symbol) == symbol
        ]
        session = re.sub(r"\D", "", row.extra.get("UPR Session", ""))
        if not found and session:
            pattern = re.compile(rf"(?<!\d){session}(st|nd|rd|th)?(?!\d)")
            found = [c for c in cycles if pattern.search(f"{c.code} {c.name}")]
        published = row.extra.get("Document Publication Date")
        if not found and published:
            year = str(published.year)
            found = [
                cycle
                for cycle in cycles
                if (cycle.received_on and cycle.received_on.year == published.year)
                or year in cycle.code
            ]
        if len(found) == 1:
            row.values["cycle"] = found[0]
            return
        row.extra["cycle problem"] = (
            _(
                "no reporting cycle of %(body)s matches document symbol %(symbol)s, "
                "session %(session)s or year %(year)s; set the cycle's document "
                "symbol in the admin."
            )
            if not found
            else _(
                "several reporting cycles of %(body)s match (%(cycles)s); set the "
                "cycle's document symbol %(symbol)s in the admin."
            )
        ) % {
            "body": body.code,
            "symbol": row.values.get("document_symbol") or "—",
            "session": session or "—",
            "year": published.year if published else "—",
            "cycles": ", ".join(cycle.code for cycle in found),
        }

    def _paragraph(self, text, body):
        pattern = _UPR_PARAGRAPH if body.kind == HumanRightsBody.Kind.UPR else None
        match = (pattern or _TREATY_PARAGRAPH).match(text)
        if not match and pattern:
            match = _TREATY_PARAGRAPH.match(text)
        return match.group(1) if match else ""

    def _terms(self, row, context):
        if "Themes" not in row.extra and "Affected Persons" not in row.extra:
            return
        mappings = self._mappings()
        issues, groups = [], []
        for column, first, second in (
            ("Themes", "issues", "affected_groups"),
            ("Affected Persons", "affected_groups", "issues"),
        ):
            for label in row.extra.get(column, []):
                mapping = mappings.get(fold(label))
                if mapping is not None:
                    issues += [pk for pk in mapping[0] if pk not in issues]
                    groups += [pk for pk in mapping[1] if pk not in groups]
                    continue
                found = None
                for lookup in (first, second):
                    try:
                        found = getattr(context, lookup).find(label)
                    except cells.CellError:
                        found = None
                    if found is not None:
                        target = issues if lookup == "issues" else groups
                        if found.pk not in target:
                            target.append(found.pk)
                        break
                if found is None:
                    self.unmapped[(column, label)].append(row.number)
        row.values["issues"] = issues
        row.values["affected_groups"] = groups

    def _mappings(self):
        if not hasattr(self, "_mapping_index"):
            self._mapping_index = {}
            for mapping in UhriMapping.objects.prefetch_related(
                "issues", "affected_groups"
            ):
                self._mapping_index[fold(mapping.label)] = (
                    [issue.pk for issue in mapping.issues.all()],
                    [group.pk for group in mapping.affected_groups.all()],
                )
        return self._mapping_index

    def _sdgs(self, row, context, report):
        goals, problems = [], []
        for item in row.extra["Sdgs"]:
            match = _SDG.match(item)
            goal = context.sdgs.find(match.group(1)) if match else None
            if goal is None:
                problems.append(
                    _("%(value)s is not a sustainable development goal.")
                    % {"value": cells.quote(item)}
                )
            elif goal not in goals:
                goals.append(goal)
        if problems:
            report.add(row, "Sdgs", " ".join(problems))
        row.values["sdgs"] = goals

    def _position(self, row, report):
        position = row.extra["UPR Position"]
        if not position:
            row.values["upr_response"] = ""
            return
        value = UPR_POSITIONS.get(fold(position))
        if value is None:
            report.add(
                row,
                "UPR Position",
                _("%(value)s is not Supported, Supported in part or Noted.")
                % {"value": cells.quote(position)},
            )
            return
        row.values["upr_response"] = value

    # Matching --------------------------------------------------------------

    def find_existing(self, rows, context):
        wanted = [row.key[0] for row in rows]
        objects = {
            obj.uhri_id: obj
            for obj in Recommendation.objects.filter(uhri_id__in=wanted)
        }
        # A recommendation typed in from the template has no UHRI id yet: match
        # it by cycle and paragraph, so the UHRI row completes it.
        by_reference = {}
        cycles = {row.values["cycle"].pk for row in rows if "cycle" in row.values}
        for obj in Recommendation.objects.filter(cycle_id__in=cycles, uhri_id=""):
            by_reference[(obj.cycle_id, reference_key(obj.reference))] = obj
        matched = {}
        for row in rows:
            obj = objects.get(row.key[0])
            if obj is None and "cycle" in row.values and row.values.get("paragraph"):
                obj = by_reference.pop(
                    (row.values["cycle"].pk, reference_key(row.values["paragraph"])),
                    None,
                )
            if obj is not None:
                matched[row.number] = obj
        states = load_rows(Recommendation, list(matched.values()))
        return {number: states[obj.pk] for number, obj in matched.items()}

    def adjust(self, row, existing, context, report):
        if existing is not None:
            # An existing recommendation keeps its cycle and reference.
            row.values.pop("cycle", None)
            row.values.pop("reference", None)
            return
        if "cycle" not in row.values:
            if "cycle problem" in row.extra:
                report.add(row, "Document Symbol", row.extra["cycle problem"])
            return
        cycle = row.values["cycle"]
        taken = RecommendationIndex.cached(context).references(cycle)
        uhri_id = row.values["uhri_id"]
        paragraph = row.values.get("paragraph", "")
        for candidate in (paragraph, f"{paragraph} [{uhri_id[:8]}]", f"UHRI {uhri_id}"):
            candidate = candidate.strip()
            key = reference_key(candidate)
            if candidate and key not in taken and key not in self.assigned[cycle.pk]:
                self.assigned[cycle.pk].add(key)
                row.values["reference"] = candidate[: context.max_length("reference")]
                return

    def check_file(self, plans, context, report):
        for (column, label), rows in sorted(
            self.unmapped.items(), key=lambda i: i[1][0]
        ):
            message = _(
                "%(value)s has no UHRI mapping and matches no %(what)s here; add it "
                "under Imports → UHRI mappings"
            ) % {
                "value": cells.quote(label),
                "what": _("human rights issue")
                if column == "Themes"
                else _("affected group"),
            }
            if len(rows) > 1:
                message += _(" (also in %(count)d other rows)") % {
                    "count": len(rows) - 1
                }
            report.add_at(rows[0], column, message + ".")

    def prime(self, instance, context):
        instance.cycle = context.cycles.find_by_pk(instance.cycle_id)
