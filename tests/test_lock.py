"""The dependency lock: every release pinned with hashes, and `make lock` keeps hand pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools.lock import read_pins

ROOT = Path(__file__).resolve().parents[1]
LOCK = (ROOT / "requirements.lock").read_text()


def test_every_locked_requirement_carries_hashes() -> None:
    """`pip install --require-hashes` refuses a lock with a bare pin: run `make lock`."""
    entries = re.split(r"\n(?=[A-Za-z0-9])", LOCK.split("\n", 6)[-1])
    bare = [e.split()[0] for e in entries if "==" in e and "--hash=sha256:" not in e]
    assert not bare, f"pinned without hashes (run `make lock`): {bare}"


def test_every_pyproject_pin_is_locked_at_its_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {canonicalize_name(name): version for name, version in read_pins(LOCK).items()}
    for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert pins.get(canonicalize_name(requirement.name)) == spec.version, line


def test_make_lock_keeps_plain_and_hashed_pins_and_the_higher_of_two() -> None:
    text = (
        "# via something\n"
        "Django==5.2.19 \\\n    --hash=sha256:" + "a" * 64 + "\n"
        "pikepdf==10.0.0\n"
        "lxml==6.0.0\n"
        "lxml==6.2.0 \\\n    --hash=sha256:" + "b" * 64 + "\n"
        "psycopg[binary]==3.3.9\n"
    )
    assert read_pins(text) == {
        "Django": "5.2.19",
        "pikepdf": "10.0.0",
        "lxml": "6.2.0",
        "psycopg": "3.3.9",
    }
