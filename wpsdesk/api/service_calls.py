"""Shared pieces of the apps' APIs: choice fields for the schema, and calling a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from wpsdesk.core.concurrency import StaleEdit

from .preconditions import precondition_failed

# The largest id a BigAutoField (and SQLite's INTEGER) holds: an id parameter bounded by it
# is a 400 when too large, not a database overflow and a 500.
MAX_ID = 2**63 - 1


class Choice(serializers.ChoiceField):
    """A choice described in place in the schema.

    Our choice sets share field names (``status``, ``kind``, ``classification``) across
    apps; drf-spectacular would turn each into a named enum and the names would clash, so
    the values are given as a pattern and listed in the description instead.
    """


class ChoiceExtension(OpenApiSerializerFieldExtension):
    target_class = "wpsdesk.api.service_calls.Choice"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        values = [str(value) for value in self.target.choices]
        if getattr(self.target, "allow_blank", False):
            # drf-spectacular adds the empty string itself for a blank-allowing field with a
            # pattern (``oneOf`` with ``maxLength: 0``); were "" in the pattern too, an empty
            # value would match both branches and break the ``oneOf``.
            values = [value for value in values if value]
        return {
            "type": "string",
            "pattern": "^(" + "|".join(values) + ")$",
            "description": "One of: " + ", ".join(v or "(empty)" for v in values) + ".",
        }


def id_filter(**kwargs: Any) -> serializers.IntegerField:
    """A query filter naming a record by id: a positive number a BigAutoField can hold."""
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, **kwargs)


def parse_query(serializer_class: type[serializers.Serializer], params: Any) -> dict[str, Any]:
    """A list's query filters read through ``serializer_class``; a bad value is a 400."""
    query = serializer_class(data=params.dict())
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def call_service(
    func: Callable[..., Any],
    *,
    missing_right: type[Exception],
    by_field: bool = False,
    unnamed_field: str = "",
    keep_reason: bool = False,
    **kwargs: Any,
) -> Any:
    """Run a service: its plain-words refusals become a 400, a missing right ``missing_right``
    (``Http404`` where the record's existence must not show, else DRF's ``PermissionDenied``),
    a change made from an older version a 412. With ``by_field``, refusals the service names
    by field keep their field names (as a serializer's own errors do); ``unnamed_field``
    names the field the other refusals are about. With ``keep_reason`` a refusal's own
    words ("Only the unit lead may lower …") go with the 403 (never with a 404).
    """
    try:
        return func(**kwargs)
    except StaleEdit as exc:
        raise precondition_failed(exc) from exc
    except DjangoValidationError as exc:
        if by_field and hasattr(exc, "error_dict"):
            raise ValidationError(exc.message_dict) from exc
        if unnamed_field:
            raise ValidationError({unnamed_field: exc.messages}) from exc
        if by_field:
            raise ValidationError(exc.messages) from exc
        raise ValidationError({"detail": exc.messages}) from exc
    except DjangoPermissionDenied as exc:
        if keep_reason and str(exc):
            raise missing_right(str(exc)) from exc
        raise missing_right from exc
