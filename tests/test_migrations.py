"""Migrations stand alone: each runs the same in a year as it does today."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = {"articles", "comments", "discovery", "images", "newsroom", "roles"}
MIGRATIONS = sorted(ROOT.glob("*/migrations/[0-9]*.py"))


def _imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("migration", MIGRATIONS, ids=lambda path: path.stem)
def test_a_migration_imports_no_live_project_code(migration):
    # A frozen copy in the app's own migrations package ("_frozen_*") is fine.
    live = [
        module
        for module in _imported_modules(migration)
        if module.split(".")[0] in PROJECT_PACKAGES
        and not module.startswith(f"{migration.parent.parent.name}.migrations._")
    ]

    assert live == []


def test_every_app_has_its_migrations_found():
    assert len(MIGRATIONS) >= 15
