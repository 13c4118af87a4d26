"""The taxonomy data file: valid, self-tested, and tied to real catalogue codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wpsdesk.screening.engine.match import Matcher
from wpsdesk.screening.engine.taxonomy import load_taxonomy

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "wpsdesk/catalogue/data/wps-guidelines-2023-2030.yaml"
)
TAXONOMY = load_taxonomy()
MATCHER = Matcher(TAXONOMY)
ISSUE_THEMES = {
    "participation", "equality", "sgbv", "protection", "whrd", "lgbti", "widows_families", "srhr",
    "ddr", "justice_ssr", "transitional_justice", "seah", "violent_extremism", "humanitarian",
    "climate", "economic", "resolutions",
}  # fmt: skip


def _codes() -> set[str]:
    def walk(items: list[dict]) -> set[str]:
        out = set()
        for item in items:
            out.add(item["code"])
            out |= walk(item.get("children", []))
        return out

    return walk(yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["items"])


def test_every_theme_of_the_issue_is_there_with_labels_in_both_languages() -> None:
    assert {t.id for t in TAXONOMY.themes} >= ISSUE_THEMES
    for theme in TAXONOMY.themes:
        assert theme.label["en"] and theme.label["nb"] and theme.description


def test_resolution_and_guideline_references_are_real_catalogue_codes() -> None:
    codes = _codes()
    for theme in TAXONOMY.themes:
        assert set(theme.resolutions) <= codes, theme.id
        assert set(theme.guidelines) <= codes, theme.id
        assert all(code.startswith("SCR.") for code in theme.resolutions)
    for template in TAXONOMY.templates.values():
        for req in template.requirements:
            assert set(req.guidelines) | set(req.resolutions) <= codes, req.id
    assert TAXONOMY.red_flags
    for flag in TAXONOMY.red_flags:
        assert set(flag.guidelines) | set(flag.resolutions) <= codes, flag.id
        assert flag.label["en"] and flag.label["nb"] and flag.explanation["nb"], flag.id


@pytest.mark.parametrize("term", TAXONOMY.terms, ids=lambda t: t.id)
def test_each_term_finds_its_examples_and_not_its_false_friends(term) -> None:  # type: ignore[no-untyped-def]
    for example in term.examples:
        hits = MATCHER.hits(example)
        assert any(h.term.theme == term.theme for h in hits), f"{term.id} misses {example!r}"
    for counter in term.counterexamples:
        assert not any(h.term is term for h in MATCHER.hits(counter)), f"{term.id} hits {counter!r}"


def test_all_four_languages_have_terms() -> None:
    assert {"en", "nb", "fr", "es"} <= {t.lang for t in TAXONOMY.terms}


def test_engine_imports_without_django() -> None:
    code = (
        "import sys; import wpsdesk.screening.engine as e; "
        "e.screen_text('Women shall participate.'); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django'"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
