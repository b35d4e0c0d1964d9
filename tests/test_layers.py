"""The house plan: which part of the Monitor may import which.

``content_models`` is the domain and imports no other part; ``workflows`` and
``importers`` stand on it (importers also use the roles of ``workflows``);
``schema``, the public read model, stands on the domain alone; ``cms`` — the
host, the editors' admin and the demo — may use everything. Every import
counts, at module level or inside a function, so that none can hide a cycle.
Landed migrations are history and are not read.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("content_models", "workflows", "importers", "schema", "cms")
ALLOWED = {
    "content_models": set(),
    "workflows": {"content_models"},
    "importers": {"content_models", "workflows"},
    "schema": {"content_models"},
    "cms": {"content_models", "workflows", "importers", "schema"},
}


def imported_parts(path: Path, package: str):
    """``(line, part)`` of every import of another part of the project."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside its own part, by construction
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PARTS and top != package:
                yield node.lineno, top


def sources(part):
    for path in sorted((ROOT / part).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("part", PARTS)
def test_no_part_imports_a_part_above_it(part):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in sources(part)
        for line, imported in imported_parts(path, part)
        if imported not in ALLOWED[part]
    ]
    assert wrong == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    """The walk finds an upward import however it is hidden."""
    module = tmp_path / "hidden.py"
    module.write_text(
        "def later():\n    from workflows import roles\n    import schema.views\n"
    )
    assert list(imported_parts(module, "content_models")) == [
        (2, "workflows"),
        (3, "schema"),
    ]
