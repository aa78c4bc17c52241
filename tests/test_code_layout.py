"""The habits of CONTRIBUTING.md that a test can keep: imports only point down, no private name is
imported from another module, and no file of app code grows past 500 lines (the engine and the
schema checks excepted: each is one piece of logic, kept whole)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ["accounts", "alerts", "cases", "config", "demo", "indicators", "reporting", "screening", "studio"]
# Which apps each app may import (besides itself); config wires them together.
MAY_IMPORT = {
    "accounts": set(),
    "cases": {"accounts"},
    "indicators": {"accounts"},
    "screening": {"accounts", "cases", "indicators"},
    # alerts sits on top of studio too: it listens to studio/signals.py (a publication request),
    # as it does to screening's; the studio never imports alerts.
    "alerts": {"accounts", "cases", "indicators", "screening", "studio"},
    "demo": {"accounts", "cases", "indicators", "screening"},
    "reporting": {"accounts", "cases", "indicators", "screening"},
    "studio": {"accounts", "cases", "indicators", "screening"},
    "config": {"accounts", "alerts", "cases", "indicators", "reporting", "screening", "studio"},
}
# Django's documented names that start with an underscore.
DJANGO_PUBLIC = {"_meta", "_base_manager", "_default_manager", "_state", "_registry"}
LONG_BY_DESIGN = {"indicators/engine.py", "indicators/schema.py"}
MAX_LINES = 500


def app_files(*, with_tests=False):
    roots = APPS + (["tests"] if with_tests else [])
    for app in roots:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an ImportFrom names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_imports_only_point_down(app):
    allowed = MAY_IMPORT[app] | {app}
    offenders = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = [absolute(node, path)]
            else:
                continue
            for target in targets:
                top = target.split(".")[0]
                if top in MAY_IMPORT and top not in allowed:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {target}")
    assert offenders == []


def test_no_private_name_is_imported_from_another_module():
    offenders = []
    for path in app_files(with_tests=True):
        tree = ast.parse(path.read_text(), str(path))
        imported_modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}")
                    imported_modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                imported_modules.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr not in DJANGO_PUBLIC
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert offenders == []


def test_no_file_of_app_code_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in app_files()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert set(long) <= LONG_BY_DESIGN, f"cut these by sub-domain: {long}"
