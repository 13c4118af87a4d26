"""Read-only API of the roster and the requests (``/api/mediators/``).

Profiles only: contact data is never in the API. Requests as the pages show them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from wpsdesk.organisation.models import Unit

from . import selectors
from .models import Mediator, MediatorRequest, unpack_codes


class MediatorSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField[Unit](slug_field="code", read_only=True)
    expertise = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField()

    class Meta:
        model = Mediator
        fields = [
            "id",
            "unit",
            "name",
            "summary",
            "expertise",
            "languages",
            "regions",
            "availability",
            "available_from",
        ]

    def get_expertise(self, mediator: Mediator) -> list[str]:
        return unpack_codes(mediator.expertise)

    def get_languages(self, mediator: Mediator) -> list[str]:
        return unpack_codes(mediator.languages)

    def get_regions(self, mediator: Mediator) -> list[str]:
        return unpack_codes(mediator.regions)


class RequestSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField[Unit](slug_field="code", read_only=True)

    class Meta:
        model = MediatorRequest
        fields = [
            "id",
            "unit",
            "mediator",
            "purpose",
            "peace_process",
            "start",
            "end",
            "status",
            "classification",
            "created_at",
        ]


class MediatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The roster's profiles (expertise, languages, regions, availability); no contact data."""

    serializer_class = MediatorSerializer
    # Mounted at /api/mediators/ beside requests/: only numbers are ids.
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Mediator]:
        return selectors.roster_visible_to(user=self.request.user).select_related("unit")


class RequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Requests of the person's units, and those to their section's roster."""

    serializer_class = RequestSerializer

    def get_queryset(self) -> QuerySet[MediatorRequest]:
        return (
            selectors.requests_visible_to(user=self.request.user)
            .select_related("unit")
            .order_by("-created_at", "-id")
        )
