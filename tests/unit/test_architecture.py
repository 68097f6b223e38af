"""The shape of the code the issues promise: one commit site, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ("api", "postal_service", "routing")
MIGRATIONS = ROOT / "postal_service" / "db" / "migrations"
THE_COMMIT_SITE = ROOT / "postal_service" / "services" / "unit_of_work.py"


def _modules() -> list[Path]:
    return [p for package in APPLICATION for p in (ROOT / package).rglob("*.py") if MIGRATIONS not in p.parents]


def _commit_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
    ]


def test_the_unit_of_work_is_the_only_place_that_commits():
    sites = {str(p.relative_to(ROOT)): lines for p in _modules() if (lines := _commit_calls(p))}
    assert list(sites) == [str(THE_COMMIT_SITE.relative_to(ROOT))]
    assert len(sites[str(THE_COMMIT_SITE.relative_to(ROOT))]) == 1


EXEMPT_FROM_SIZE = {ROOT / "postal_service" / "demo"}  # demo data: catalogue rows and scripted walks
MAX_LINES = 250  # an idea that needs more keeps its module whole (issue 22) rather than being cut in two


def test_no_module_is_over_two_hundred_and_fifty_lines_outside_migrations_and_demo_data():
    oversized = {
        str(p.relative_to(ROOT)): lines
        for p in _modules()
        if not EXEMPT_FROM_SIZE & set(p.parents)
        and (lines := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert oversized == {}


def test_every_module_imports():
    """mypy ignores missing imports (for untyped libraries), so a moved module is caught here."""
    import importlib

    for path in _modules():
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        importlib.import_module(name)
