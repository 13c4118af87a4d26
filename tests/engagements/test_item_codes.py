"""Guideline codes typed in a form or an import find their items whatever the case."""

from __future__ import annotations

import pytest

from tests.planning.factories import load_guidelines
from wpsdesk.engagements.forms import items_for_codes

pytestmark = pytest.mark.django_db


def test_codes_with_small_letters_are_found_as_typed_and_in_any_case() -> None:
    load_guidelines()
    items, unknown = items_for_codes("P1.C.5.a, cl.1.A; p1.c.1")
    assert [item.code for item in items] == ["P1.C.5.a", "CL.1.a", "P1.C.1"]
    assert unknown == []


def test_unknown_codes_are_named_as_typed_once_each() -> None:
    load_guidelines()
    items, unknown = items_for_codes("P1.C.1 p9.x.1 P9.X.1 CL.1.z")
    assert [item.code for item in items] == ["P1.C.1"]
    assert unknown == ["p9.x.1", "CL.1.z"]
