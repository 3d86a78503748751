"""The pinned install: every dependency pyproject.toml names is pinned."""

import re
import tomllib

import pytest

from tests.support import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _name(requirement):
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()


def _pins(path):
    return {
        line.split("==")[0].lower(): line.split("==")[1].strip()
        for line in path.read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("base.txt", PYPROJECT["project"]["dependencies"]),
        (
            "dev.txt",
            PYPROJECT["project"]["dependencies"]
            + PYPROJECT["project"]["optional-dependencies"]["dev"],
        ),
    ],
)
def test_every_dependency_is_pinned(lock, requirements):
    pins = _pins(ROOT / "requirements" / lock)

    missing = {_name(requirement) for requirement in requirements} - set(pins)

    assert missing == set(), f"run python3 run.py lock: {missing} not pinned"
