"""The engagements API under /api/engagements/: the same rules and services as the pages.

Lists and details come from the policy layer (another unit's record is 404); writes go
through :mod:`.services` after :func:`may_create_in` / :func:`may_edit` (403 otherwise).
Engagements are never deleted through the API.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
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
from rest_framework.views import APIView

from wpsdesk.api.fields import CodeRelatedField
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import call_service
from wpsdesk.catalogue.api import ServedItemCodeField
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, visible_to
from wpsdesk.processes.selectors import VisibleProcessNames

from . import dashboard, figures, selectors, services
from .forms import EngagementFilterForm, clean_country
from .models import (
    ALL_CATEGORIES,
    Dimension,
    Engagement,
    Envoy,
    IssueRaised,
    Measure,
    Nomination,
    Participation,
    Side,
    Team,
    TeamMember,
)

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the title, summary, forum or process."),
    OpenApiParameter("unit", int, description="Unit id."),
    OpenApiParameter("kind", str),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("forum", str),
    OpenApiParameter("start", OpenApiTypes.DATE, description="On or after this day."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="On or before this day."),
    OpenApiParameter("wps", str, enum=["yes", "no"], description="WPS on the agenda."),
]


def filters_from(request: Request) -> selectors.EngagementFilters:
    form = EngagementFilterForm(
        request.query_params, units=selectors.filter_units(user=request.user)
    )
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return selectors.EngagementFilters.from_cleaned(form.cleaned_data)


class ParticipationSerializer(serializers.Serializer):
    """One count; dimension and category are codes of the shared vocabulary."""

    side = serializers.ChoiceField(choices=Side.choices)
    measure = serializers.ChoiceField(choices=Measure.choices, default=Measure.ATTENDED)
    dimension = serializers.ChoiceField(choices=Dimension.choices, default=Dimension.GENDER)
    category = serializers.ChoiceField(choices=[(c, c) for c in ALL_CATEGORIES])
    #: null is "not known" and is stored as no count, as a blank on the form; 0 means nobody.
    count = serializers.IntegerField(min_value=0, max_value=9999, allow_null=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, Participation):
            side, measure, dimension, category, count = instance.as_row()
            return {
                "side": side,
                "measure": measure,
                "dimension": dimension,
                "category": category,
                "count": count,
            }
        return dict(super().to_representation(instance))


class IssueSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField[User](slug_field="username", read_only=True)
    engagement = serializers.PrimaryKeyRelatedField[Engagement](read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = IssueRaised
        fields = [
            "id",
            "engagement",
            "side",
            "issue",
            "follow_up",
            "owner",
            "due_date",
            "status",
            "completed_on",
            "overdue",
        ]
        read_only_fields = fields


class EngagementSerializer(serializers.ModelSerializer):
    unit = CodeRelatedField(slug_field="code", queryset=Unit.objects.all())
    reference = serializers.CharField(
        source="external_ref", required=False, allow_blank=True, max_length=100
    )
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text="ISO 3166-1 alpha-2 code."
    )
    messages = ServedItemCodeField(many=True, required=False)
    participation = ParticipationSerializer(many=True, required=False)
    issues = IssueSerializer(many=True, read_only=True)
    process = serializers.SerializerMethodField(
        help_text="The recorded peace process's id; null when none or you may not see it."
    )
    process_name = serializers.SerializerMethodField(
        help_text="The recorded peace process's name; null when none or you may not see it."
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "reference",
            "unit",
            "date",
            "kind",
            "country",
            "forum",
            "peace_process",
            "process",
            "process_name",
            "title",
            "summary",
            "wps_on_agenda",
            "classification",
            "messages",
            "participation",
            "issues",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "classification", "created_at", "updated_at", "version"]
        # The reference is unique within a unit only when given; checked in validate().
        validators: list[Any] = []

    def _processes(self) -> VisibleProcessNames:
        # One reader for the whole list: the visible processes are read once, if at all.
        names = self.context.get("processes")
        if names is None:
            names = self.context["processes"] = VisibleProcessNames(self.context["request"].user)
        return cast(VisibleProcessNames, names)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_process(self, instance: Engagement) -> int | None:
        name = self._processes().name(instance.process_id)
        return instance.process_id if name is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_process_name(self, instance: Engagement) -> str | None:
        return self._processes().name(instance.process_id)

    def validate_country(self, value: str) -> str:
        try:
            return clean_country(value)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance
        # The right to write comes before anything about the unit's records: were the
        # reference checked first, "taken" (400) against "free" (403) would tell a person
        # who may not write in a unit which references it uses.
        user = self.context["request"].user
        if instance is not None and not may_edit(user, instance):
            raise PermissionDenied
        if instance is None and "unit" in data and not may_create_in(user, data["unit"]):
            raise PermissionDenied
        country = data.get("country", getattr(instance, "country", ""))
        forum = data.get("forum", getattr(instance, "forum", ""))
        if not country and not forum:
            raise ValidationError({"country": ["Give a country, a forum or both."]})
        if instance is not None and "unit" in data and data["unit"] != instance.unit:
            raise ValidationError({"unit": ["An engagement cannot move to another unit."]})
        reference = data.get("external_ref")
        unit = instance.unit if instance is not None else data.get("unit")
        if reference and unit is not None:
            taken = Engagement.objects.filter(unit=unit, external_ref=reference)
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                raise ValidationError({"reference": ["Another engagement has this reference."]})
        return data

    def _save(self, instance: Engagement | None, data: dict[str, Any]) -> Engagement:
        request = self.context["request"]
        unit = instance.unit if instance is not None else data["unit"]
        rows = data.get("participation")
        if rows is None and instance is not None:
            grid = figures.grid_from_rows(
                (p.side, p.measure, p.dimension_code, p.category_code, p.count)
                for p in instance.participation.all()
            )
        else:
            grid = figures.grid_from_rows(
                (
                    r["side"],
                    r.get("measure", Measure.ATTENDED),
                    r.get("dimension", Dimension.GENDER),
                    r["category"],
                    r["count"],
                )
                for r in rows or []
                if r["count"] is not None
            )
        # Refusals the service does not name by field are about the counts.
        engagement, _changed = call_service(
            services.engagement_save,
            missing_right=PermissionDenied,
            by_field=True,
            unnamed_field="participation",
            actor=cast(User, request.user),
            unit=unit,
            values=data,
            grid=grid,
            messages=data.get("messages"),
            engagement=instance,
            external_ref=data.get("external_ref"),
            version=data.get("version"),
        )
        return cast(Engagement, engagement)

    def create(self, validated_data: dict[str, Any]) -> Engagement:
        return self._save(None, validated_data)

    def update(self, instance: Engagement, validated_data: dict[str, Any]) -> Engagement:
        return self._save(instance, validated_data)


@extend_schema_view(
    list=extend_schema(summary="Engagements you may open", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One engagement"),
    create=extend_schema(summary="Log an engagement"),
    update=extend_schema(summary="Change an engagement"),
    partial_update=extend_schema(summary="Change part of an engagement"),
)
class EngagementViewSet(
    VersionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EngagementSerializer
    # Mounted at /api/engagements/ beside issues/, teams/…: only numbers are ids.
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Engagement]:
        filters = filters_from(self.request) if self.action == "list" else None
        return selectors.engagement_list_visible_to(
            user=self.request.user, filters=filters
        ).prefetch_related("messages", "issues__owner")

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


@extend_schema_view(
    list=extend_schema(summary="Issues raised by women, with their follow-up"),
    retrieve=extend_schema(summary="One issue"),
)
class IssueViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IssueSerializer

    def get_queryset(self) -> QuerySet[IssueRaised]:
        return selectors.issue_list_visible_to(user=self.request.user)


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["role", "gender", "count"]


class TeamSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField[Unit](slug_field="code", read_only=True)
    composition = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "unit",
            "name",
            "kind",
            "country",
            "forum",
            "peace_process",
            "start",
            "end",
            "composition",
        ]


class EnvoySerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField[Unit](slug_field="code", read_only=True)

    class Meta:
        model = Envoy
        fields = ["id", "unit", "post", "mandate", "gender", "start", "end"]


class NominationSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField[Unit](slug_field="code", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "unit",
            "post",
            "organisation",
            "gender",
            "nominated_on",
            "outcome",
            "decided_on",
        ]


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Norway's delegations and teams with their composition by role and gender."""

    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Team]:
        return selectors.team_list_visible_to(user=self.request.user)


class EnvoyViewSet(viewsets.ReadOnlyModelViewSet):
    """Special representatives and envoys (posts and gender, no names)."""

    serializer_class = EnvoySerializer

    def get_queryset(self) -> QuerySet[Envoy]:
        return visible_to(Envoy.objects.select_related("unit"), user=self.request.user).order_by(
            "-start", "pk"
        )


class NominationViewSet(viewsets.ReadOnlyModelViewSet):
    """Nominations of Norwegian candidates to international posts."""

    serializer_class = NominationSerializer

    def get_queryset(self) -> QuerySet[Nomination]:
        return visible_to(
            Nomination.objects.select_related("unit"), user=self.request.user
        ).order_by("-nominated_on", "pk")


def _share(share: figures.Share) -> dict[str, Any]:
    return {
        "share": share.value,
        "part": share.part.shown,
        "whole": share.whole.shown,
        "suppressed": share.suppressed or share.part.suppressed or share.whole.suppressed,
    }


class FiguresView(APIView):
    """The dashboard's figures, from what you may open; small cells hidden outside your unit."""

    @extend_schema(
        summary="Dashboard figures",
        parameters=[
            *FILTER_PARAMETERS[1:-1],
            OpenApiParameter("group", str, enum=list(dashboard.GROUPS)),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        board = dashboard.build(
            user=request.user,
            filters=filters_from(request),
            group=str(request.query_params.get("group", "year")),
        )
        charts = [*board.charts, board.leadership]
        return Response(
            {
                "group": board.group,
                "small_cells_hidden": board.outside,
                "engagements": board.engagement_count,
                "charts": [
                    {
                        "key": chart.slug,
                        "title": chart.title,
                        "series": [s.key for s in chart.series],
                        "rows": [
                            {"label": row.label, "values": [_share(c.share) for c in row.cells]}
                            for row in chart.rows
                        ],
                    }
                    for chart in charts
                ],
                "issues": [
                    {
                        "label": row["label"],
                        "raised": row["raised"].shown,
                        "followed_up": row["done"].shown,
                        "on_time": row["on_time"].shown,
                        "overdue": row["overdue"].shown,
                    }
                    for row in board.issues
                ],
            }
        )
