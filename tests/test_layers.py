"""The apps' layers point one way, and each cache tag is named in one place."""

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

TAG_PREFIXES = (
    "article:",
    "section:",
    "author:",
    "tag:",
    "sitemap-articles:",
    "api-story:",
    "api-stories:",
)


def test_no_app_imports_one_above_it():
    lint_imports = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(  # noqa: S603 - the project's own tool and config
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def _tag_strings(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith(TAG_PREFIXES) and re.fullmatch(
                r"[a-z-]+:", node.value
            ):
                yield node.value


def test_each_page_tag_is_written_in_one_module():
    sources = [
        path
        for path in ROOT.glob("*/**/*.py")
        if path.parts[len(ROOT.parts)] not in {"tests", "bench", ".venv"}
        and "migrations" not in path.parts
    ]
    writers = {}
    for path in sources:
        for tag in _tag_strings(path):
            writers.setdefault(tag, set()).add(path.relative_to(ROOT).as_posix())

    assert writers, "no page tag found: the test no longer reads the sources"
    assert {tag: modules for tag, modules in writers.items() if len(modules) > 1} == {}
