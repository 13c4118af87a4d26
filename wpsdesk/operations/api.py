"""The operations API under /api/operations/: read only, the same rules as the pages.

Operations come from the policy layer (another unit's restricted one is 404), with their
mandate renewals, WPS tasks and participation figures. The personnel list is never part
of the API: it is kept on the pages of the responsible mission only.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from wpsdesk.organisation.models import Unit

from . import selectors
from .forms import OperationFilterForm
from .models import (
    MandatedTask,
    MandateRenewal,
    Operation,
    OperationKind,
    OrganisationKind,
    ParticipationFigure,
)

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the name, short name or contribution."),
    OpenApiParameter("organisation", str, enum=OrganisationKind.values),
    OpenApiParameter("kind", str, enum=OperationKind.values),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("current", bool, description="Only operations under way."),
]


def filters_from(request: Request) -> selectors.OperationFilters:
    form = OperationFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return selectors.OperationFilters.from_cleaned(form.cleaned_data)


class MandatedTaskSerializer(serializers.ModelSerializer[MandatedTask]):
    class Meta:
        model = MandatedTask
        fields = ["task", "outcome"]


class MandateRenewalSerializer(serializers.ModelSerializer[MandateRenewal]):
    tasks = MandatedTaskSerializer(many=True, read_only=True)

    class Meta:
        model = MandateRenewal
        fields = ["date", "resolution", "until", "note", "tasks"]


class ParticipationFigureSerializer(serializers.ModelSerializer[ParticipationFigure]):
    class Meta:
        model = ParticipationFigure
        fields = ["date", "level", "women", "total", "source"]


class OperationSerializer(serializers.ModelSerializer[Operation]):
    unit = serializers.SlugRelatedField[Unit](slug_field="code", read_only=True)
    countries = serializers.ListField(
        child=serializers.CharField(), source="country_codes", read_only=True
    )
    renewals = MandateRenewalSerializer(many=True, read_only=True)
    participation = ParticipationFigureSerializer(many=True, read_only=True)

    class Meta:
        model = Operation
        fields = [
            "id",
            "unit",
            "name",
            "acronym",
            "organisation",
            "kind",
            "countries",
            "contribution",
            "contribution_note",
            "started",
            "ended",
            "classification",
            "renewals",
            "participation",
            "version",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Operations you may open", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One operation"),
)
class OperationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Operation]
):
    serializer_class = OperationSerializer

    def get_queryset(self) -> QuerySet[Operation]:
        filters = filters_from(self.request) if self.action == "list" else None
        return selectors.operation_list_visible_to(
            user=self.request.user, filters=filters
        ).prefetch_related(
            Prefetch(
                "renewals",
                queryset=MandateRenewal.objects.prefetch_related("tasks").order_by("-date", "-pk"),
            ),
            Prefetch(
                "participation", queryset=ParticipationFigure.objects.order_by("date", "level")
            ),
        )
