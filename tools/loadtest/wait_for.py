"""Wait until a URL answers 200 (the server under test has started), or give up."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def main(url: str, seconds: float) -> int:
    """Poll ``url`` twice a second for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310
                if response.status == 200:
                    return 0
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    sys.stderr.write(f"{url} did not answer within {seconds:g} s.\n")
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], float(sys.argv[2])))
