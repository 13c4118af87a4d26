"""The grants API under /api/grants/: the same rules and services as the pages.

Lists and details come from the policy layer (another unit's restricted grant is 404);
writes go through :mod:`.services` after :func:`may_create_in` / :func:`may_edit` (403
otherwise), and a change must name the version it was made from (If-Match). Grants are
not deleted through the API: deleting asks first, on the page.
"""

from __future__ import annotations

from decimal import Decimal
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
from wpsdesk.catalogue.api import ServedItemCodeField
from wpsdesk.civil_society.forms import CLASSIFICATIONS, clean_country
from wpsdesk.civil_society.models import Organisation
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_read, visible_to

from . import selectors, services
from .forms import GrantFilterForm
from .models import Channel, GenderMarker, Grant, GrantAmount, NeedsGroup, Priority

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the agreement number, title or partner."),
    OpenApiParameter("year", int, description="Grants whose agreement period touches the year."),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("priority", int, enum=Priority.values),
    OpenApiParameter("gender_marker", int, enum=GenderMarker.values),
    OpenApiParameter("channel", str, enum=Channel.values),
    OpenApiParameter("wps_relevant", str, enum=["yes", "no"]),
]


def filters_from(request: Request) -> selectors.GrantFilters:
    form = GrantFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return selectors.GrantFilters.from_cleaned(form.cleaned_data)


class AmountSerializer(serializers.ModelSerializer):
    class Meta:
        model = GrantAmount
        fields = ["year", "amount", "currency", "nok"]


class PartnerField(serializers.PrimaryKeyRelatedField):
    """An organisation on the civil-society map that the person may read, by id."""

    def get_queryset(self) -> QuerySet[Organisation]:
        return visible_to(Organisation.objects.all(), user=self.context["request"].user)


class GrantSerializer(serializers.ModelSerializer):
    unit = CodeRelatedField(slug_field="code", queryset=Unit.objects.all())
    partner = PartnerField(required=False, allow_null=True)
    partner_name = serializers.CharField(source="partner_label", read_only=True)
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text="ISO 3166-1 alpha-2 code."
    )
    country_name = serializers.CharField(source="country_label", read_only=True)
    serves = ServedItemCodeField(many=True, required=False)
    amounts = AmountSerializer(many=True, required=False)
    needs_analysis_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=NeedsGroup.choices),
        source="needs_group_codes",
        required=False,
    )
    engagements = serializers.PrimaryKeyRelatedField[Engagement](
        many=True, read_only=True, help_text="Ids of the dialogues with it that you may open."
    )
    classification = Choice(choices=CLASSIFICATIONS, required=False)
    classification_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=300
    )

    class Meta:
        model = Grant
        fields = [
            "id",
            "agreement_number",
            "title",
            "unit",
            "partner",
            "partner_name",
            "multilateral_partner",
            "channel",
            "budget_chapter",
            "budget_item",
            "start_date",
            "end_date",
            "country",
            "country_name",
            "region",
            "priority",
            "gender_marker",
            "humanitarian",
            "age_marker",
            "wps_relevant",
            "serves",
            "amounts",
            "needs_analysis_date",
            "needs_analysis_groups",
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
            raise ValidationError({"unit": ["A grant cannot move to another unit."]})
        partner = data.get("partner")
        if partner is not None and not may_read(user, partner):
            raise ValidationError({"partner": ["Choose an organisation you may read."]})
        return data

    def _save(self, instance: Grant | None, data: dict[str, Any]) -> Grant:
        request = self.context["request"]
        values = dict(data)
        if "needs_group_codes" in values:
            values["needs_analysis_groups"] = " ".join(values.pop("needs_group_codes"))
        serves = values.pop("serves", None)
        amounts = values.pop("amounts", None)
        rows = (
            [
                (a["year"], Decimal(a["amount"]), a.get("currency", "NOK"), Decimal(a["nok"]))
                for a in amounts
            ]
            if amounts is not None
            else None
        )
        reason = values.pop("classification_reason", "")
        grant, _changed = call_service(
            services.grant_save,
            missing_right=PermissionDenied,
            by_field=True,
            actor=cast(User, request.user),
            unit=values.pop("unit", None) if instance is None else None,
            values=values,
            grant=instance,
            version=values.pop("version", None),
            serves=serves,
            amounts=rows,
            classification_reason=reason,
        )
        return grant

    def create(self, validated_data: dict[str, Any]) -> Grant:
        return self._save(None, validated_data)

    def update(self, instance: Grant, validated_data: dict[str, Any]) -> Grant:
        return self._save(instance, validated_data)


@extend_schema_view(
    list=extend_schema(summary="Grants you may open", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One grant"),
    create=extend_schema(summary="Register a grant"),
    update=extend_schema(summary="Change a grant"),
    partial_update=extend_schema(summary="Change part of a grant"),
)
class GrantViewSet(
    VersionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = GrantSerializer

    def get_queryset(self) -> QuerySet[Grant]:
        filters = filters_from(self.request) if self.action == "list" else None
        visible = visible_to(
            Engagement.objects.only("pk", "unit", "classification"), user=self.request.user
        )
        return selectors.grant_list_visible_to(
            user=self.request.user, filters=filters
        ).prefetch_related(Prefetch("engagements", queryset=visible), "amounts", "serves")

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
