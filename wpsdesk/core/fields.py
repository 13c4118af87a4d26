"""Model fields whose values are encrypted at rest with the key ring."""

from __future__ import annotations

from typing import Any

from django.db import models

from .crypto import key_ring


class EncryptedTextField(models.TextField):
    """Text stored encrypted; read back as plain text. Not searchable: pair it with a
    blind-index field for exact-match search."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return key_ring().decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return key_ring().encrypt(str(value))


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """Names of a model's encrypted fields."""
    return [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
