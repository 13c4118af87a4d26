"""Regenerate requirements.lock with a sha256 hash for every file of every pinned release.

``make lock`` runs this. The versions already pinned in requirements.lock are kept (they
become constraints), so a plain ``name==version`` line added by hand is taken as it is;
whatever pyproject.toml needs and the lock does not pin yet is resolved anew; what nothing
needs any more is dropped. pip-compile fetches the hashes from the index, so no release
is downloaded twice. ``make install`` then installs with ``--require-hashes``.
"""

from __future__ import annotations

import os
import re
import subprocess  # nosec  # runs pip-compile from the project's own virtualenv
import sys
import tempfile
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\#]+)")


def read_pins(text: str) -> dict[str, str]:
    """Every ``name==version`` in a lock file, hashed or not; the higher version wins a tie."""
    pins: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if not match:
            continue
        name, version = match.groups()
        key = canonicalize_name(name)
        if key in pins:
            try:
                if Version(version) <= Version(pins[key][1]):
                    continue
            except InvalidVersion:
                continue
        pins[key] = (name, version)
    return dict(pins.values())


def main() -> int:
    """Write the hashed lock; leave the old one in place if pip-compile fails."""
    pins = read_pins(LOCK.read_text() if LOCK.exists() else "")
    compile_cmd = [str(Path(sys.executable).parent / "pip-compile")]
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "pins.txt"
        constraints.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pins.items())))
        output = Path(tmp) / "requirements.lock"
        command = [
            *compile_cmd,
            "--quiet",
            "--generate-hashes",
            "--allow-unsafe",
            "--strip-extras",
            "--annotation-style=line",
            "--extra=dev",
            "--no-emit-index-url",
            "--no-emit-find-links",
            "--no-emit-trusted-host",
            f"--constraint={constraints}",
            f"--output-file={output}",
            "pyproject.toml",
        ]
        env = {**os.environ, "CUSTOM_COMPILE_COMMAND": "make lock"}
        result = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603  # nosec
        if result.returncode != 0:
            print("make lock: pip-compile failed; requirements.lock is unchanged.", file=sys.stderr)
            return result.returncode
        # The pins themselves are no reason worth a line: keep the real dependants only,
        # so that a re-lock changes nothing but what changed.
        text = output.read_text().replace(f"-c {constraints}, ", "")
        text = re.sub(rf"\n\s*# via -c {re.escape(str(constraints))}\n", "\n", text)
        text = text.replace(f"# via -c {constraints}", "")
        LOCK.write_text(text)
    print(f"requirements.lock: {len(read_pins(text))} packages, each with hashes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
