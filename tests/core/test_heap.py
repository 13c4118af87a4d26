"""The heap is settled at start-up so full garbage collections stay short."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from wpsdesk.core import heap

pytestmark = pytest.mark.database_independent


def test_settle_leaves_what_is_alive_out_of_later_collections() -> None:
    kept = [object() for _ in range(1000)]
    holder = {"kept": kept}
    try:
        heap.settle()
        assert gc.get_freeze_count() >= len(kept)
        # The permanent generation is never walked: a full collection no longer sees it.
        assert not any(obj is holder for obj in gc.get_objects(generation=2))
        later = [["made after"]]  # a list of a list: tracked by the collector
        assert any(obj is later for obj in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(obj is holder for obj in gc.get_objects())


def test_the_wsgi_entry_point_settles_the_heap_after_loading_the_views() -> None:
    code = (
        "import gc, sys; import wpsdesk.wsgi; "
        "print(gc.get_freeze_count() > 100000, 'wpsdesk.engagements.views' in sys.modules)"
    )
    env = {**os.environ, "WPSDESK_DEV": "1", "DJANGO_SETTINGS_MODULE": "wpsdesk.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True True"
