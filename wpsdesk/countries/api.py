"""The countries API under /api/countries/: the same rules and services as the pages.

``/api/countries/`` lists the countries (filters as on the page) and
``/api/countries/<code>/`` gives one country's page as data, every record through the
policy layer. Each kind of commitment has its own endpoint
(``/api/countries/recommendations/`` …): read, add, and change with If-Match like every
record two people can edit; writes go through :mod:`.services`, which apply
:mod:`.rules`. Records are not deleted through the API: deleting asks first, on the page.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from wpsdesk.api.fields import CodeRelatedField
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import Choice, call_service
from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.civil_society.forms import CLASSIFICATIONS
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import visible_to

from . import rules, selectors, services
from .forms import CountryFilterForm
from .kinds import KINDS, Kind
from .models import CountryRecord, FollowUp
from .regions import Region

# --- countries ------------------------------------------------------------------------------


class CountryRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    name = serializers.CharField(help_text="In the language asked for (English or bokmål).")
    region = serializers.CharField(help_text="UN M49 region; empty for Antarctica.")
    priority = serializers.BooleanField(help_text="On the priority list today.")
    records = serializers.IntegerField(help_text="Commitments about it you may read.")


class FollowUpSerializer(serializers.ModelSerializer):
    serializer_choice_field = Choice

    class Meta:
        model = FollowUp
        fields = ["id", "on", "status", "evidence", "source", "created_at"]


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class WorkSerializer(serializers.Serializer):
    key = serializers.CharField()
    count = serializers.IntegerField()


class PrioritySerializer(serializers.Serializer):
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


def _record_serializer(kind: Kind) -> type[serializers.ModelSerializer]:
    """A serializer for one kind of record: its fields, its unit and who may read it."""

    class RecordSerializer(serializers.ModelSerializer):
        serializer_choice_field = Choice
        unit = CodeRelatedField(slug_field="code", queryset=Unit.objects.all())
        country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
        country_name = serializers.CharField(read_only=True)
        classification = Choice(choices=CLASSIFICATIONS, required=False)
        classification_reason = serializers.CharField(
            write_only=True,
            required=False,
            allow_blank=True,
            max_length=300,
            help_text="Why the classification is lowered (only the unit lead may).",
        )

        class Meta:
            model = kind.model
            fields = [
                "id",
                "unit",
                "country",
                "country_name",
                *kind.fields,
                "classification",
                "classification_reason",
                "created_at",
                "updated_at",
                "version",
            ]
            read_only_fields = ["id", "created_at", "updated_at", "version"]

        def validate_country(self, value: str) -> str:
            code = (value or "").upper()
            if code not in COUNTRIES:
                raise ValidationError("Not a country code. Use two letters, e.g. CO.")
            return code

        def validate(self, data: dict[str, Any]) -> dict[str, Any]:
            instance = self.instance
            user = self.context["request"].user
            if instance is not None:
                if not rules.may_change(user, instance):
                    raise PermissionDenied
                for name in ("unit", "country"):
                    if name in data and data[name] != getattr(instance, name):
                        raise ValidationError({name: ["A record cannot move."]})
            elif "unit" in data and not rules.may_add(user, data["unit"], data.get("country", "")):
                raise PermissionDenied
            return data

        def _save(self, instance: CountryRecord | None, data: dict[str, Any]) -> CountryRecord:
            values = dict(data)
            unit = values.pop("unit", None)
            country = values.pop("country", "")
            reason = values.pop("classification_reason", "")
            version = values.pop("version", None)
            record, _changed = call_service(
                services.commitment_save,
                missing_right=PermissionDenied,
                by_field=True,
                actor=cast(User, self.context["request"].user),
                kind=kind.key,
                unit=unit if instance is None else None,
                country=country,
                record=instance,
                values=values,
                version=version,
                classification_reason=reason,
            )
            return record

        def create(self, validated_data: dict[str, Any]) -> CountryRecord:
            return self._save(None, validated_data)

        def update(self, instance: CountryRecord, validated_data: dict[str, Any]) -> CountryRecord:
            return self._save(instance, validated_data)

    RecordSerializer.__name__ = f"{kind.model.__name__}Serializer"
    return RecordSerializer


SERIALIZERS = {key: _record_serializer(kind) for key, kind in KINDS.items()}


_RecommendationBase: Any = SERIALIZERS["recommendations"]


class RecommendationDetailSerializer(_RecommendationBase):
    """A recommendation with whether Norway made it and its follow-ups (read only)."""

    made_by_norway = serializers.BooleanField(read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True, source="follow_up_list")

    class Meta(_RecommendationBase.Meta):
        fields = [*_RecommendationBase.Meta.fields, "made_by_norway", "follow_ups"]


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    on_priority_list = serializers.BooleanField()
    priority_history = PrioritySerializer(many=True)
    covering_units = serializers.ListField(child=serializers.CharField())
    ratifications = SERIALIZERS["conventions"](many=True)
    action_plans = SERIALIZERS["nap"](many=True)
    legislation = SERIALIZERS["legislation"](many=True)
    review_cycles = SERIALIZERS["reviews"](many=True)
    recommendations = RecommendationDetailSerializer(many=True)
    monitors = SERIALIZERS["monitors"](many=True)
    organisations = NamedSerializer(many=True)
    work = WorkSerializer(many=True)


COUNTRY_FILTERS = [
    OpenApiParameter("q", str, description="Name in English or bokmål, or the code."),
    OpenApiParameter("region", str, enum=Region.values),
    OpenApiParameter("priority", str, enum=["yes", "no"]),
    OpenApiParameter("recorded", bool, description="Only countries with records you may read."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Countries", parameters=COUNTRY_FILTERS, responses=CountryRowSerializer(many=True)
    ),
    retrieve=extend_schema(summary="One country's page", responses=CountrySerializer),
)
class CountryViewSet(viewsets.ViewSet):
    lookup_field = "code"
    # Named on the class so the schema describes the list as a page, as it is sent.
    pagination_class = PageNumberPagination
    lookup_value_regex = "[A-Z]{2}"

    def list(self, request: Request) -> Response:
        form = CountryFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        rows = selectors.country_rows(
            user=request.user, filters=selectors.CountryFilters.from_cleaned(form.cleaned_data)
        )
        paginator = self.paginator
        page = paginator.paginate_queryset(rows, request, view=self)
        data = CountryRowSerializer(page, many=True).data
        return paginator.get_paginated_response(data)

    @property
    def paginator(self) -> Any:
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator

    def retrieve(self, request: Request, code: str) -> Response:
        if code not in COUNTRIES:
            raise Http404
        page = selectors.country_page(user=request.user, code=code)
        data = {
            "code": page.code,
            "name": page.name,
            "region": page.region,
            "on_priority_list": page.on_priority_list,
            "priority_history": page.priority_history,
            "covering_units": [unit.code for unit in page.covering],
            "ratifications": page.ratifications,
            "action_plans": page.plans,
            "legislation": page.legislation,
            "review_cycles": [r for c in page.cycles for r in c.reviews],
            "recommendations": page.recommendations,
            "monitors": page.monitors,
            "organisations": [{"id": o.pk, "name": o.name} for o in page.organisations],
            "work": [{"key": w.key, "count": w.count} for w in page.work],
        }
        return Response(CountrySerializer(data, context={"request": request}).data)


# --- one viewset per kind of record -------------------------------------------------------


def _record_viewset(kind: Kind) -> type[viewsets.GenericViewSet]:
    serializer = (
        RecommendationDetailSerializer if kind.key == "recommendations" else SERIALIZERS[kind.key]
    )
    what = str(kind.one)

    @extend_schema_view(
        list=extend_schema(
            summary=f"Records of this kind ({what}) you may read",
            parameters=[OpenApiParameter("country", str, description="ISO 3166-1 code.")],
        ),
        retrieve=extend_schema(summary=f"One {what}"),
        create=extend_schema(summary=f"Add a {what}"),
        update=extend_schema(summary=f"Change a {what}"),
        partial_update=extend_schema(summary=f"Change part of a {what}"),
    )
    class RecordViewSet(
        VersionedAPIMixin,
        mixins.ListModelMixin,
        mixins.RetrieveModelMixin,
        mixins.CreateModelMixin,
        mixins.UpdateModelMixin,
        viewsets.GenericViewSet,
    ):
        serializer_class = serializer

        def get_queryset(self) -> Any:
            qs = visible_to(kind.model._default_manager.all(), user=self.request.user)
            country = (self.request.query_params.get("country") or "").upper()
            if self.action == "list" and country:
                qs = qs.filter(country=country)
            return qs.select_related("unit").order_by("country", "pk")

        def get_object(self) -> Any:
            record = super().get_object()
            if kind.key == "recommendations":
                record.follow_up_list = list(
                    visible_to(
                        FollowUp.objects.filter(recommendation=record), user=self.request.user
                    ).order_by("-on", "-pk")
                )
            return record

        def paginate_queryset(self, queryset: Any) -> Any:
            page = super().paginate_queryset(queryset)
            if kind.key == "recommendations" and page is not None:
                ids = [rec.pk for rec in page]
                follow_ups: dict[int, list[FollowUp]] = {pk: [] for pk in ids}
                for f in visible_to(
                    FollowUp.objects.filter(recommendation_id__in=ids), user=self.request.user
                ).order_by("-on", "-pk"):
                    follow_ups[f.recommendation_id].append(f)
                for rec in page:
                    rec.follow_up_list = follow_ups[rec.pk]
            return page

        def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
            if not rules.may_change(request.user, self.get_object()):  # 404 and 403 first …
                raise PermissionDenied
            self.if_match()  # … then 428 or 412, before anything is written
            return super().update(request, *args, **kwargs)

        def perform_update(self, serializer: Any) -> None:
            serializer.save(version=self.if_match())

        def perform_create(self, serializer: Any) -> None:
            data = serializer.validated_data
            if not rules.may_add(self.request.user, data["unit"], data.get("country", "")):
                raise PermissionDenied
            record = serializer.save()
            if kind.key == "recommendations":
                record.follow_up_list = []

    RecordViewSet.__name__ = f"{kind.model.__name__}ViewSet"
    RecordViewSet.__qualname__ = RecordViewSet.__name__
    return RecordViewSet


VIEWSETS = {key: _record_viewset(kind) for key, kind in KINDS.items()}
