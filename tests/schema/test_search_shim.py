"""``schema.search`` is kept for its landed migration only.

The full-text index lives in ``content_models.search``; the migration
``schema/migrations/0001_…`` imports ``schema.search.install`` at migrate time
and landed migrations are not edited, so that module re-exports the installer
and nothing else may import it.
"""

import ast
from pathlib import Path

from content_models.search import install as domain_install
from schema.search import install as shim

ROOT = Path(__file__).resolve().parent.parent.parent
MIGRATION = ROOT / "schema" / "migrations" / "0001_search_index_and_version.py"


SHIM = ROOT / "schema" / "search"


def absolute_module(path: Path, node: ast.ImportFrom) -> str:
    """The module a (possibly relative) ``from … import`` names."""
    if not node.level:
        return node.module
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    base = list(package[: len(package) - node.level + 1])
    return ".".join([*base, node.module] if node.module else base)


def imports_of_schema_search(path: Path):
    """Lines of ``path`` that import ``schema.search`` or a module in it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            name = absolute_module(path, node)
            names = [name] + [f"{name}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(n == "schema.search" or n.startswith("schema.search.") for n in names):
            yield node.lineno


def test_the_shim_re_exports_the_domain_installer():
    assert shim.install is domain_install.install
    assert shim.uninstall is domain_install.uninstall


def test_only_the_migration_imports_the_shim():
    users = [
        f"{path.relative_to(ROOT)}:{line}"
        for part in ("content_models", "workflows", "importers", "schema", "cms")
        for path in sorted((ROOT / part).rglob("*.py"))
        if path != MIGRATION and SHIM not in path.parents
        for line in imports_of_schema_search(path)
    ]
    assert users == []
    assert list(imports_of_schema_search(MIGRATION)) != []
