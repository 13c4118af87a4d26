"""The negotiation-file API under /api/multilateral/files/: the pages' rules and services.

Lists and details come from the policy layer (another unit's restricted file is 404);
writes go through :mod:`.services` with :func:`~wpsdesk.api.service_calls.call_service`
(403 without the right, 400 in plain words). A change needs ``If-Match`` with the version
read (428 without, 412 when stale). Files are never deleted through the API.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from wpsdesk.api.fields import CodeRelatedField
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import Choice, call_service
from wpsdesk.catalogue.api import ServedItemCodeField
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, visible_to
from wpsdesk.screening.models import ScreenedDocument

from . import selectors, services
from .forms import FileFilterForm
from .models import (
    Draft,
    FileKind,
    FileStatus,
    Forum,
    NegotiationFile,
    NegotiationObjective,
    Outcome,
)

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the title, session, allies or summary."),
    OpenApiParameter("forum", int, description="A forum's id."),
    OpenApiParameter("kind", str),
    OpenApiParameter("year", int),
    OpenApiParameter("status", str),
]


class ObjectiveSerializer(serializers.ModelSerializer):
    outcome = Choice(choices=Outcome.choices, read_only=True)
    serves = ServedItemCodeField(many=True, read_only=True)

    class Meta:
        model = NegotiationObjective
        fields = ["id", "objective", "proposed", "outcome", "adopted", "serves", "version"]
        read_only_fields = fields


class DraftSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = Draft
        fields = ["position", "label", "document", "title", "added_at"]
        read_only_fields = fields


class FileSerializer(serializers.ModelSerializer):
    unit = CodeRelatedField(slug_field="code", queryset=Unit.objects.all())
    forum = CodeRelatedField(slug_field="code", queryset=Forum.objects.all())
    kind = Choice(choices=FileKind.choices)
    status = Choice(choices=FileStatus.choices, required=False)
    classification = Choice(choices=Classification.choices, required=False)
    classification_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=300
    )
    objectives = ObjectiveSerializer(many=True, read_only=True)
    drafts = serializers.SerializerMethodField()

    class Meta:
        model = NegotiationFile
        fields = [
            "id",
            "unit",
            "kind",
            "forum",
            "title",
            "session",
            "year",
            "status",
            "allies",
            "summary",
            "classification",
            "classification_reason",
            "objectives",
            "drafts",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "created_at", "updated_at", "version", "objectives", "drafts"]

    @extend_schema_field(DraftSerializer(many=True))
    def get_drafts(self, instance: NegotiationFile) -> list[dict[str, Any]]:
        # Only drafts whose document the person may read (prefetched by the viewset).
        return list(DraftSerializer(getattr(instance, "readable_drafts", []), many=True).data)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance
        if instance is not None and "unit" in data and data["unit"] != instance.unit:
            raise ValidationError({"unit": ["A file cannot move to another unit."]})
        return data

    def _save(self, instance: NegotiationFile | None, data: dict[str, Any]) -> NegotiationFile:
        values = dict(data)
        unit = values.pop("unit", None)
        reason = values.pop("classification_reason", "")
        version = values.pop("version", None)
        return cast(
            NegotiationFile,
            call_service(
                services.file_save,
                missing_right=PermissionDenied,
                by_field=True,
                actor=cast(User, self.context["request"].user),
                unit=unit if instance is None else None,
                file=instance,
                values=values,
                version=version,
                classification_reason=reason,
            ),
        )

    def create(self, validated_data: dict[str, Any]) -> NegotiationFile:
        return self._save(None, validated_data)

    def update(self, instance: NegotiationFile, validated_data: dict[str, Any]) -> NegotiationFile:
        return self._save(instance, validated_data)


@extend_schema_view(
    list=extend_schema(summary="Negotiation files you may open", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One negotiation file"),
    create=extend_schema(summary="Open a negotiation file"),
    update=extend_schema(summary="Change a negotiation file"),
    partial_update=extend_schema(summary="Change part of a negotiation file"),
)
class FileViewSet(
    VersionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FileSerializer

    def get_queryset(self) -> QuerySet[NegotiationFile]:
        filters = None
        if self.action == "list":
            form = FileFilterForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            filters = selectors.FileFilters.from_cleaned(form.cleaned_data)
        documents = visible_to(ScreenedDocument.objects.all(), user=self.request.user)
        return selectors.file_list_visible_to(
            user=self.request.user, filters=filters
        ).prefetch_related(
            Prefetch(
                "objectives",
                queryset=NegotiationObjective.objects.prefetch_related("serves").order_by("pk"),
            ),
            Prefetch(
                "drafts",
                queryset=Draft.objects.filter(document__in=documents)
                .select_related("document")
                .order_by("position"),
                to_attr="readable_drafts",
            ),
        )

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
