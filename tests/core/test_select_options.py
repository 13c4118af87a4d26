"""Selects drawn by wpsdesk's option tag are the markup Django's option template draws."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from wpsdesk.core.forms import FormRenderer

pytestmark = pytest.mark.database_independent

CHOICES = [
    ("", "All units"),
    ("Embassies", [("1", 'Bogotá & "Cali"'), ("2", "<Juba>")]),
    ("3", "Delegation to the UN"),
]


class UnitFilter(forms.Form):
    unit = forms.ChoiceField(choices=CHOICES, required=False)
    units = forms.MultipleChoiceField(choices=CHOICES, required=False)
    flag = forms.NullBooleanField(required=False)


def _drawn(form: forms.Form, name: str) -> str:
    html = str(form[name])
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("name", ["unit", "units", "flag"])
@pytest.mark.parametrize(
    "data", [{}, {"unit": "2", "units": ["1", "3"], "flag": "true"}], ids=["unbound", "chosen"]
)
def test_the_markup_equals_djangos(name: str, data: dict) -> None:
    ours = UnitFilter(data=data or None, renderer=FormRenderer())
    djangos = UnitFilter(data=data or None, renderer=DjangoTemplates())
    drawn = _drawn(ours, name)
    assert drawn.replace(' class="ds-input"', "") == _drawn(djangos, name)
    assert "<option" in drawn


def test_labels_and_values_are_escaped_and_the_choice_is_selected() -> None:
    drawn = _drawn(UnitFilter(data={"unit": "2"}, renderer=FormRenderer()), "unit")
    assert '<option value="2" selected>&lt;Juba&gt;</option>' in drawn
    assert "Bogotá &amp; &quot;Cali&quot;" in drawn
    assert '<optgroup label="Embassies">' in drawn
    assert '<option value="1">' in drawn  # not selected


def test_the_renderer_draws_selects_with_the_tag() -> None:
    assert FormRenderer().get_template("django/forms/widgets/select.html").template.name == (
        "core/forms/select.html"
    )
