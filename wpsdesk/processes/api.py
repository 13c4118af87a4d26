"""The peace-process API under /api/processes/: the same rules and services as the pages.

Lists and details come from the policy layer (another unit's restricted process is 404);
writes go through :mod:`.services` after :func:`may_create_in` / :func:`may_edit` (403
otherwise). A change needs ``If-Match`` with the version read (428 without, 412 when stale).
Processes are never deleted through the API.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from wpsdesk.api.fields import CodeRelatedField
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import Choice, call_service
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit

from . import selectors, services
from .forms import ProcessFilterForm, clean_country_list
from .models import PeaceProcess, PhaseChange

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the name, parties, actors or summary."),
    OpenApiParameter("phase", str),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("role", str, description="Norway's role."),
]


class PhaseChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PhaseChange
        fields = ["phase", "since", "note"]
        read_only_fields = fields


class ProcessSerializer(serializers.ModelSerializer):
    unit = CodeRelatedField(slug_field="code", queryset=Unit.objects.all())
    countries = serializers.ListField(
        child=serializers.CharField(max_length=2),
        required=False,
        help_text="ISO 3166-1 alpha-2 codes.",
    )
    contributing_units = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), many=True, required=False
    )
    classification = Choice(choices=Classification.choices, required=False)
    classification_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=300
    )
    phases = PhaseChangeSerializer(many=True, read_only=True)

    class Meta:
        model = PeaceProcess
        fields = [
            "id",
            "unit",
            "name",
            "countries",
            "phase",
            "norway_role",
            "parties",
            "other_actors",
            "summary",
            "contributing_units",
            "classification",
            "classification_reason",
            "phases",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "created_at", "updated_at", "version", "phases"]
        validators: list[Any] = []

    def to_representation(self, instance: PeaceProcess) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["countries"] = instance.country_codes
        return data

    def validate_countries(self, value: list[str]) -> str:
        try:
            return clean_country_list(",".join(value))
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance
        user = self.context["request"].user
        if instance is not None and not may_edit(user, instance):
            raise PermissionDenied
        if instance is None and "unit" in data and not may_create_in(user, data["unit"]):
            raise PermissionDenied
        if instance is not None and "unit" in data and data["unit"] != instance.unit:
            raise ValidationError({"unit": ["A process cannot move to another unit."]})
        return data

    def _save(self, instance: PeaceProcess | None, data: dict[str, Any]) -> PeaceProcess:
        actor = cast(User, self.context["request"].user)
        refusals: dict[str, Any] = {
            "missing_right": PermissionDenied,
            "by_field": True,
            "keep_reason": True,
        }
        if instance is None:
            return cast(
                PeaceProcess,
                call_service(
                    services.process_create,
                    **refusals,
                    actor=actor,
                    unit=data["unit"],
                    values=data,
                    contributing_units=data.get("contributing_units", ()),
                ),
            )
        return cast(
            PeaceProcess,
            call_service(
                services.process_update,
                **refusals,
                actor=actor,
                process=instance,
                values=data,
                contributing_units=data.get("contributing_units"),
                version=data.get("version"),
                classification_reason=data.get("classification_reason", ""),
            ),
        )

    def create(self, validated_data: dict[str, Any]) -> PeaceProcess:
        return self._save(None, validated_data)

    def update(self, instance: PeaceProcess, validated_data: dict[str, Any]) -> PeaceProcess:
        return self._save(instance, validated_data)


@extend_schema_view(
    list=extend_schema(summary="Peace processes you may open", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One peace process"),
    create=extend_schema(summary="Record a peace process"),
    update=extend_schema(summary="Change a peace process"),
    partial_update=extend_schema(summary="Change part of a peace process"),
)
class ProcessViewSet(
    VersionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProcessSerializer

    def get_queryset(self) -> QuerySet[PeaceProcess]:
        filters = None
        if self.action == "list":
            form = ProcessFilterForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            filters = selectors.ProcessFilters.from_cleaned(form.cleaned_data)
        return selectors.process_list_visible_to(
            user=self.request.user, filters=filters
        ).prefetch_related("contributing_units", "phases")

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_edit(request.user, self.get_object()):  # 404 and 403 come first …
            raise PermissionDenied
        self.if_match()  # … then 428 or 412, before anything is written
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer: Any) -> None:
        serializer.save(version=self.if_match())

    def perform_create(self, serializer: Any) -> None:
        if not may_create_in(self.request.user, serializer.validated_data["unit"]):
            raise PermissionDenied
        serializer.save()
