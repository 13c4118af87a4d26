"""A test-only record type that exercises the policy layer before real records exist."""

from django.db import models

from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import UnitRecord


class Note(UnitRecord):
    title = models.CharField(max_length=100)
    source_name = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return self.title


class NoteComment(models.Model):
    """Reaches its unit through its note: shows the policy layer's ``policy_unit_field``."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE)
    text = models.CharField(max_length=100)
    policy_unit_field = "note__unit"
    policy_classification_field = "note__classification"

    def __str__(self) -> str:
        return self.text
