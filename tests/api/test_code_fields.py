"""A code naming a related record is looked up safely, whatever it holds."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from tests.personas import Cast
from wpsdesk.api.fields import CodeRelatedField
from wpsdesk.organisation.models import Unit


def field() -> CodeRelatedField:
    return CodeRelatedField(slug_field="code", queryset=Unit.objects.all())


@pytest.mark.django_db
def test_a_code_with_a_nul_character_is_no_such_record(cast: Cast) -> None:
    with pytest.raises(serializers.ValidationError) as refused:
        field().to_internal_value(f"{cast.bogota.code}\x00")
    assert "does not exist" in str(refused.value.detail)


@pytest.mark.django_db
def test_a_plain_code_finds_its_record(cast: Cast) -> None:
    assert field().to_internal_value(cast.bogota.code) == cast.bogota
