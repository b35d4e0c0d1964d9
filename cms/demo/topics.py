"""The demo's subject matter: what recommendations are about and who answers them.

Each topic names the bodies that raise it, its taxonomy tags (issues and
affected groups by short name, SDGs by number), the agencies involved (by code),
the clauses its recommendations are written from (short title = clause, a verb
in the infinitive), three actions the government takes on it (lead agency =
title), the outcome they aim at and what its progress indicators measure.

The catalogue (``catalogue.py``) is plain text so that it reads like a work
programme.
"""

from dataclasses import dataclass

from .catalogue import CATALOGUE


@dataclass(frozen=True)
class Topic:
    key: str
    bodies: tuple[str, ...]
    issues: tuple[str, ...]
    groups: tuple[str, ...]
    sdgs: tuple[int, ...]
    agencies: tuple[str, ...]
    clauses: tuple[tuple[str, str], ...]
    actions: tuple[tuple[str, str], ...]
    outcome: str
    measure: str


def _split(value: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(separator) if part.strip())


def _pair(value: str) -> tuple[str, str]:
    left, right = value.split(" = ", 1)
    return left.strip(), right.strip()


def _topic(header: str, lines: list[str]) -> Topic:
    key, *bodies = header.strip("[").replace("]", "").split()
    fields: dict[str, list[str]] = {}
    for line in lines:
        name, value = line.split(": ", 1)
        fields.setdefault(name, []).append(value)
    issues, groups, sdgs = fields["tags"][0].split("|")
    return Topic(
        key=key,
        bodies=tuple(bodies),
        issues=_split(issues, ";"),
        groups=_split(groups, ";"),
        sdgs=tuple(int(number) for number in sdgs.split()),
        agencies=tuple(fields["agencies"][0].split()),
        clauses=tuple(_pair(value) for value in fields["clause"]),
        actions=tuple(_pair(value)[::-1] for value in fields["action"]),
        outcome=fields["outcome"][0],
        measure=fields["measure"][0],
    )


def parse_catalogue(text: str) -> tuple[Topic, ...]:
    """Read the catalogue: one block per topic, indented lines continue."""
    topics = []
    for block in text.strip().split("\n\n"):
        lines: list[str] = []
        for raw in block.splitlines():
            if raw.startswith(" ") and lines:
                lines[-1] += " " + raw.strip()
            else:
                lines.append(raw.strip())
        topics.append(_topic(lines[0], lines[1:]))
    return tuple(topics)


TOPICS = parse_catalogue(CATALOGUE)


def topics_for_body(body_code: str) -> list[Topic]:
    """The topics a body raises, in catalogue order."""
    return [item for item in TOPICS if body_code in item.bodies]
