"""``wpsdesk bench scale`` at a tiny scale: the organisation is made and every target answers.

The measurement itself (the figures) is not part of the suite; see ``docs/performance.md``.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from wpsdesk.core import bench_scale
from wpsdesk.engagements.models import Engagement, Participation
from wpsdesk.organisation.models import AccessGrant, Unit

KEYS = {"page", "persona", "kind", "p50_ms", "p95_ms", "queries", "kb", "peak_mb"}


@pytest.fixture
def organisation(db: None) -> None:
    call_command("catalogue", "load", verbosity=0, stdout=StringIO())
    bench_scale.generate(0.005, say=lambda _line: None)


def test_the_generated_organisation_has_the_scaled_volume(organisation: None) -> None:
    expected = bench_scale.counts_for(0.005)
    assert Unit.objects.count() == expected["units"]
    assert Engagement.objects.count() == expected["engagements"]
    per = expected["participation_per_engagement"]
    assert Participation.objects.count() == expected["engagements"] * per
    assert AccessGrant.objects.exists()
    classifications = set(Engagement.objects.values_list("classification", flat=True))
    assert classifications == {"internal", "restricted", "strict"}


def test_every_target_answers_for_both_personas(organisation: None) -> None:
    lines: list[str] = []
    # Everything but the annual report (its own smoke test: tests/reports/test_bench.py).
    names = [name for name, _kind, _url in bench_scale.targets()]
    results = bench_scale.run(repeat=1, say=lines.append, only=names)
    assert {r.persona for r in results} == {"hq", "embassy"}
    assert {r.page for r in results} == {name for name, _kind, _url in bench_scale.targets()}
    assert {r.kind for r in results} == {"page", "dashboard", "api", "export"}
    assert all(r.status == 200 for r in results), [r for r in results if r.status != 200]
    assert all(r.queries > 0 and r.kb >= 0 for r in results)
    assert all(r.peak_mb is not None for r in results if r.kind == "export")
    assert all(set(row) >= KEYS for row in bench_scale.as_json(results))
    assert len(lines) == len(results)
