"""The civil-society API under /api/civil-society/: the same rules and services as the pages.

Lists and details come from the policy layer (another unit's restricted organisation is
404); writes go through :mod:`.services` after :func:`may_create_in` / :func:`may_edit`
(403 otherwise), and a change must name the version it was made from (If-Match).
Organisations are not deleted through the API: deleting asks first, on the page.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from wpsdesk.api.fields import CodeRelatedField
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import Choice, call_service
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, visible_to

from . import selectors, services
from .forms import CLASSIFICATIONS, OrganisationFilterForm, clean_country
from .models import Organisation, OrganisationType, Scope, Stance, Theme

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the name, description or views."),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("kind", str, enum=OrganisationType.values),
    OpenApiParameter("theme", str, enum=Theme.values, description="Thematic priority code."),
    OpenApiParameter("stance", str, enum=Stance.values),
    OpenApiParameter("scope", str, enum=Scope.values),
]


def filters_from(request: Request) -> selectors.OrganisationFilters:
    form = OrganisationFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return selectors.OrganisationFilters.from_cleaned(form.cleaned_data)


class OrganisationSerializer(serializers.ModelSerializer):
    unit = CodeRelatedField(slug_field="code", queryset=Unit.objects.all())
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text="ISO 3166-1 alpha-2 code."
    )
    country_name = serializers.CharField(source="country_label", read_only=True)
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=Theme.choices),
        source="theme_codes",
        required=False,
        help_text="Thematic priority codes of the guidelines (P1, P2, P3).",
    )
    engagements = serializers.PrimaryKeyRelatedField[Engagement](
        many=True,
        read_only=True,
        help_text="Ids of the engagements with it that you may open.",
    )
    classification = Choice(choices=CLASSIFICATIONS, required=False)
    classification_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Why the classification is lowered (only the unit lead may).",
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "unit",
            "name",
            "scope",
            "kind",
            "country",
            "country_name",
            "themes",
            "stance",
            "supported_by_norway",
            "who_they_are",
            "views",
            "represents",
            "challenges",
            "alliance_strategies",
            "engagements",
            "classification",
            "classification_reason",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "engagements", "created_at", "updated_at", "version"]

    def validate_country(self, value: str) -> str:
        try:
            return clean_country(value)
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
            raise ValidationError({"unit": ["An organisation cannot move to another unit."]})
        return data

    def _save(self, instance: Organisation | None, data: dict[str, Any]) -> Organisation:
        request = self.context["request"]
        values = dict(data)
        if "theme_codes" in values:
            values["themes"] = " ".join(sorted(set(values.pop("theme_codes"))))
        reason = values.pop("classification_reason", "")
        organisation, _changed = call_service(
            services.organisation_save,
            missing_right=PermissionDenied,
            by_field=True,
            actor=cast(User, request.user),
            unit=values.pop("unit", None) if instance is None else None,
            values=values,
            organisation=instance,
            version=values.pop("version", None),
            classification_reason=reason,
        )
        return organisation

    def create(self, validated_data: dict[str, Any]) -> Organisation:
        return self._save(None, validated_data)

    def update(self, instance: Organisation, validated_data: dict[str, Any]) -> Organisation:
        return self._save(instance, validated_data)


@extend_schema_view(
    list=extend_schema(summary="Organisations you may open", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One organisation"),
    create=extend_schema(summary="Add an organisation"),
    update=extend_schema(summary="Change an organisation"),
    partial_update=extend_schema(summary="Change part of an organisation"),
)
class OrganisationViewSet(
    VersionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        filters = filters_from(self.request) if self.action == "list" else None
        # The engagements listed are those the person may open (one query for the page).
        visible = visible_to(
            Engagement.objects.only("pk", "unit", "classification"), user=self.request.user
        )
        return selectors.organisation_list_visible_to(
            user=self.request.user, filters=filters
        ).prefetch_related(Prefetch("engagements", queryset=visible))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_edit(request.user, self.get_object()):  # 404 and 403 come first …
            raise PermissionDenied
        self.if_match()  # … then 428 or 412, before anything is written
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer: Any) -> None:
        if not may_edit(self.request.user, serializer.instance):
            raise PermissionDenied
        serializer.save(version=self.if_match())

    def perform_create(self, serializer: Any) -> None:
        if not may_create_in(self.request.user, serializer.validated_data["unit"]):
            raise PermissionDenied
        serializer.save()
