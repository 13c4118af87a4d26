"""Serializer fields the API modules share."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class CodeRelatedField(serializers.SlugRelatedField):
    """A related record named by a code (a unit's, a forum's…).

    A code holding a NUL character is answered as "no such record", as DRF's own text
    fields refuse it: PostgreSQL cannot hold or compare it, and the lookup would fail with
    a database error instead of a 400.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
