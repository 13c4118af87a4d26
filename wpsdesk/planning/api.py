"""The planning API under ``/api/plans/``: the same selectors, services and rules as the pages.

* Lists and details come from the policy layer; another unit's record is 404.
* A record one may read but not change answers 404 to PUT, PATCH and POST actions, as on
  the pages. Nothing is deleted through the API (405).
* A body may only name records one may change (a plan for a new goal, a unit for a new
  plan): anything else is "not a valid choice" (400), the same for "not there" and "not
  yours".
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wpsdesk.api import preconditions
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import Choice, call_service, id_filter, parse_query
from wpsdesk.catalogue.api import ServedItemCodeField
from wpsdesk.catalogue.models import Item
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import may_edit, unit_access, visible_to

from . import selectors, services
from .models import (
    Activity,
    ActivityStatus,
    Answer,
    ApprovalStatus,
    Breakdown,
    Category,
    ChecklistAnswer,
    ChecklistRun,
    Dimension,
    Goal,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    PlanKind,
    RunStatus,
    WorkPlan,
)

NOT_FOUND = OpenApiResponse(description="No such record, or not yours to see or change.")
PK = r"[0-9]+"


def _call(func: Any, **kwargs: Any) -> Any:
    """Run a service; its plain-words refusals become a 400, a missing right a 404."""
    return call_service(func, missing_right=Http404, **kwargs)


class PolicyViewSet(VersionedAPIMixin, viewsets.GenericViewSet):
    """Reads through the policy layer; writes only to records the person may change.

    A record's GET carries its ETag; PUT and PATCH require it back as If-Match.
    """

    lookup_value_regex = PK

    def get_object(self) -> Any:
        record = selectors.get_visible_or_404(
            self.get_queryset(), user=self.request.user, pk=self.kwargs["pk"]
        )
        if self.request.method not in SAFE_METHODS and not may_edit(self.request.user, record):
            raise Http404
        return record

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


class EditableField(serializers.PrimaryKeyRelatedField):
    """A reference to a record the requesting person may change."""

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context["request"]
        queryset = super().get_queryset()
        assert queryset is not None  # noqa: S101  (always given)
        return visible_to(queryset, user=request.user)

    def to_internal_value(self, data: Any) -> Any:
        record = super().to_internal_value(data)
        if not may_edit(self.context["request"].user, record):
            self.fail("does_not_exist", pk_value=data)
        return record


class CreatableUnitField(serializers.PrimaryKeyRelatedField):
    """A unit where the requesting person may start plans and checklist runs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Unit.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.units_to_create_in(user=self.context["request"].user)


class ItemCodeField(ServedItemCodeField):
    """Guideline items a goal may serve, by code, in the current edition."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(kinds=list(selectors.GOAL_ITEM_KINDS), **kwargs)


# --- plans -----------------------------------------------------------------------------


class GoalBriefSerializer(serializers.ModelSerializer):
    items: serializers.SlugRelatedField[Item] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Goal
        fields = ["id", "title", "items"]


class PlanSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    # Null until the plan (or its results) is approved; allow_null puts that in the schema.
    approved_by = serializers.CharField(
        source="approved_by.username", default=None, read_only=True, allow_null=True
    )
    results_approved_by = serializers.CharField(
        source="results_approved_by.username", default=None, read_only=True, allow_null=True
    )
    kind = Choice(choices=PlanKind.choices, read_only=True)
    classification = Choice(choices=Classification.choices, read_only=True)
    status = Choice(choices=ApprovalStatus.choices, read_only=True)
    results_status = Choice(choices=ApprovalStatus.choices, read_only=True)
    goals = GoalBriefSerializer(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "unit",
            "unit_code",
            "year",
            "kind",
            "title",
            "summary",
            "classification",
            "status",
            "approved_by",
            "approved_at",
            "results_status",
            "results_summary",
            "results_obstacles",
            "results_approved_by",
            "results_approved_at",
            "copied_from",
            "goals",
            "version",
        ]
        read_only_fields = fields


PLAN_CLASSIFICATIONS = [Classification.INTERNAL, Classification.RESTRICTED]


class PlanCreateSerializer(serializers.Serializer):
    unit = CreatableUnitField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = Choice(choices=PlanKind.choices, default=PlanKind.VIRKSOMHETSPLAN)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    classification = Choice(choices=PLAN_CLASSIFICATIONS, default=Classification.INTERNAL)


class PlanUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    kind = Choice(choices=PlanKind.choices, required=False)
    classification = Choice(choices=PLAN_CLASSIFICATIONS, required=False)
    classification_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Why the classification is lowered; lowering needs the unit lead.",
    )
    results_summary = serializers.CharField(required=False, allow_blank=True)
    results_obstacles = serializers.CharField(required=False, allow_blank=True)


class PlanFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100)
    unit = id_filter()
    # Bounded like the database column, so a huge number is a 400 rather than an overflow.
    year = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    status = Choice(choices=["draft", "approved"], required=False)
    kind = Choice(choices=PlanKind.choices, required=False)


@extend_schema_view(
    list=extend_schema(summary="Plans you may read", parameters=[PlanFilterSerializer]),
    retrieve=extend_schema(summary="One plan", responses={200: PlanSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Start a plan in one of your units",
        request=PlanCreateSerializer,
        responses={201: PlanSerializer},
    ),
    update=extend_schema(
        summary="Change a plan",
        request=PlanUpdateSerializer,
        responses={200: PlanSerializer, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change some of a plan's fields",
        request=PlanUpdateSerializer,
        responses={200: PlanSerializer, 404: NOT_FOUND},
    ),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Work plans. Approval is the unit lead's: ``POST /api/plans/{id}/approve/``."""

    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[WorkPlan]:
        params: dict[str, Any] = {}
        if self.action == "list":
            query = PlanFilterSerializer(data=self.request.query_params.dict())
            query.is_valid(raise_exception=True)
            params = {
                "q": query.validated_data.get("q", ""),
                "unit_id": query.validated_data.get("unit"),
                "year": query.validated_data.get("year"),
                "status": query.validated_data.get("status", ""),
                "kind": query.validated_data.get("kind", ""),
            }
        return (
            selectors.plan_list_visible_to(user=self.request.user, **params)
            .select_related("results_approved_by")
            .prefetch_related(
                Prefetch(
                    "goals",
                    queryset=Goal.objects.prefetch_related("items").order_by("position", "pk"),
                )
            )
        )

    def create(self, request: Request) -> Response:
        body = PlanCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        plan = _call(services.plan_create, actor=self.actor, **body.validated_data)
        return Response(
            PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        plan = self.get_object()
        version = self.if_match()
        body = PlanUpdateSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with transaction.atomic():  # the heading and the results: both written or neither
            _call(
                services.plan_update,
                actor=self.actor,
                plan=plan,
                title=data.get("title", plan.title),
                summary=data.get("summary", plan.summary),
                kind=data.get("kind"),
                classification=data.get("classification"),
                classification_reason=data.get("classification_reason", ""),
                version=version,
            )
            if "results_summary" in data or "results_obstacles" in data:
                _call(
                    services.results_update,
                    actor=self.actor,
                    plan=plan,
                    results_summary=data.get("results_summary", plan.results_summary),
                    results_obstacles=data.get("results_obstacles", plan.results_obstacles),
                    version=plan.version,  # checked above, in this transaction
                )
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(
        summary="Approve the plan (unit lead)",
        request=None,
        responses={200: PlanSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        plan = selectors.get_plan_to_lead_or_404(user=request.user, pk=pk)
        _call(services.plan_approve, actor=self.actor, plan=plan)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)


# --- goals -----------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    plan = EditableField(queryset=WorkPlan.objects.all())
    items = ItemCodeField(many=True, required=False)

    class Meta:
        model = Goal
        fields = ["id", "plan", "title", "description", "items", "version"]
        read_only_fields = ["version"]


class GoalFilterSerializer(serializers.Serializer):
    plan = id_filter()


@extend_schema_view(
    list=extend_schema(
        summary="Goals you may read",
        parameters=[
            GoalFilterSerializer,
            OpenApiParameter("item", str, description="A guideline code the goal serves."),
        ],
    ),
    retrieve=extend_schema(summary="One goal", responses={200: GoalSerializer, 404: NOT_FOUND}),
    create=extend_schema(summary="Add a goal to a plan you may change"),
    update=extend_schema(summary="Change a goal", responses={200: GoalSerializer, 404: NOT_FOUND}),
    partial_update=extend_schema(summary="Change some of a goal's fields"),
)
class GoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    serializer_class = GoalSerializer

    def get_queryset(self) -> QuerySet[Goal]:
        goals = visible_to(Goal.objects.all(), user=self.request.user)
        if self.action == "list":
            plan = parse_query(GoalFilterSerializer, self.request.query_params).get("plan")
            if plan is not None:
                goals = goals.filter(plan_id=plan)
            code = self.request.query_params.get("item", "")
            if code:
                goals = goals.filter(items__code=code).distinct()
        return goals.prefetch_related("items").order_by("plan_id", "position", "pk")

    def create(self, request: Request) -> Response:
        body = GoalSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        goal = _call(
            services.goal_create,
            actor=self.actor,
            plan=data["plan"],
            title=data["title"],
            description=data.get("description", ""),
            items=data.get("items", []),
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        goal = self.get_object()
        version = self.if_match()
        body = GoalSerializer(
            goal, data=request.data, partial=partial, context={"request": request}
        )
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "plan" in data and data["plan"].pk != goal.plan_id:
            raise ValidationError({"plan": ["A goal stays in its plan."]})
        _call(
            services.goal_update,
            actor=self.actor,
            goal=goal,
            title=data.get("title", goal.title),
            description=data.get("description", goal.description),
            items=data["items"] if "items" in data else list(goal.items.all()),
            version=version,
        )
        return Response(GoalSerializer(self.get_queryset().get(pk=goal.pk)).data)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)


# --- activities ------------------------------------------------------------------------


class OwnerField(serializers.CharField):
    """An activity's owner by username.

    The name is looked up in :meth:`ActivitySerializer.validate`, once the goal and so the
    unit are known: a name that is nobody's and a name of someone outside the unit get the
    same answer, so the API does not tell who has an account.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_null=True, max_length=150, **kwargs)

    def to_representation(self, value: Any) -> str:
        return str(value.username)


class ActivitySerializer(serializers.ModelSerializer):
    goal = EditableField(queryset=Goal.objects.all())
    owner = OwnerField()
    status = Choice(choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)

    class Meta:
        model = Activity
        fields = [
            "id",
            "goal",
            "title",
            "owner",
            "due_date",
            "status",
            "drop_reason",
            "notes",
            "from_answer",
            "version",
        ]
        read_only_fields = ["from_answer", "version"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("owner") is not None:
            data["owner"] = self._member(data["owner"], data.get("goal"))
        return data

    def _member(self, username: str, goal: Goal | None) -> User:
        """The active member of the goal's unit called ``username``; anyone else is refused
        with one message, whether the name is a stranger's or nobody's."""
        current = getattr(self.instance, "owner", None)
        if current is not None and current.username == username:
            return current  # keeping an owner who has since left the unit is allowed
        goal = goal or getattr(self.instance, "goal", None)
        person = User.objects.filter(username=username, is_active=True).first()
        if person is None or goal is None or goal.plan.unit_id not in unit_access(person):
            raise ValidationError({"owner": [_("The owner must be a member of the unit.")]})
        return person


class ActivityFilterSerializer(serializers.Serializer):
    unit = id_filter()
    # Bounded like the plan's year column, so a huge number is a 400 rather than an overflow.
    year = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    goal = id_filter()


@extend_schema_view(
    list=extend_schema(
        summary="Activities you may read",
        parameters=[
            OpenApiParameter("status", str, enum=ActivityStatus.values),
            ActivityFilterSerializer,
        ],
    ),
    retrieve=extend_schema(
        summary="One activity", responses={200: ActivitySerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(summary="Add an activity under a goal you may change"),
    update=extend_schema(
        summary="Change an activity", responses={200: ActivitySerializer, 404: NOT_FOUND}
    ),
    partial_update=extend_schema(summary="Change some of an activity's fields"),
)
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        params = self.request.query_params
        if self.action != "list":
            return selectors.activity_list_visible_to(user=self.request.user)
        query = parse_query(ActivityFilterSerializer, params)
        activities = selectors.activity_list_visible_to(
            user=self.request.user,
            status=params.get("status", ""),
            unit_id=query.get("unit"),
            year=query.get("year"),
        )
        if query.get("goal") is not None:
            activities = activities.filter(goal_id=query["goal"])
        return activities

    def create(self, request: Request) -> Response:
        body = ActivitySerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        activity = _call(services.activity_create, actor=self.actor, **data)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        activity = self.get_object()
        version = self.if_match()
        body = ActivitySerializer(
            activity, data=request.data, partial=partial, context={"request": request}
        )
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "goal" in data and data["goal"].pk != activity.goal_id:
            raise ValidationError({"goal": ["An activity stays under its goal."]})
        fields = {
            name: data.get(name, getattr(activity, name))
            for name in ("title", "owner", "due_date", "status", "drop_reason", "notes")
        }
        _call(
            services.activity_update,
            actor=self.actor,
            activity=activity,
            version=version,
            **fields,
        )
        return Response(ActivitySerializer(self.get_queryset().get(pk=activity.pk)).data)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)


# --- indicators and values -------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    goal = EditableField(queryset=Goal.objects.all())
    dimensions = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Dimension.objects.all(), required=False
    )
    kind = Choice(choices=IndicatorKind.choices, default=IndicatorKind.QUANTITATIVE)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "goal",
            "name",
            "description",
            "kind",
            "unit_of_measure",
            "dimensions",
            "version",
        ]
        read_only_fields = ["version"]


class IndicatorFilterSerializer(serializers.Serializer):
    goal = id_filter()


@extend_schema_view(
    list=extend_schema(summary="Indicators you may read", parameters=[IndicatorFilterSerializer]),
    retrieve=extend_schema(
        summary="One indicator", responses={200: IndicatorSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(summary="Add an indicator under a goal you may change"),
    update=extend_schema(
        summary="Change an indicator", responses={200: IndicatorSerializer, 404: NOT_FOUND}
    ),
    partial_update=extend_schema(summary="Change some of an indicator's fields"),
)
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    serializer_class = IndicatorSerializer

    def get_queryset(self) -> QuerySet[Indicator]:
        indicators = visible_to(Indicator.objects.all(), user=self.request.user)
        if self.action == "list":
            goal = parse_query(IndicatorFilterSerializer, self.request.query_params).get("goal")
            if goal is not None:
                indicators = indicators.filter(goal_id=goal)
        return indicators.prefetch_related("dimensions").order_by("goal_id", "pk")

    def create(self, request: Request) -> Response:
        body = IndicatorSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        indicator = _call(services.indicator_create, actor=self.actor, **data)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        indicator = self.get_object()
        version = self.if_match()
        body = IndicatorSerializer(
            indicator, data=request.data, partial=partial, context={"request": request}
        )
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "goal" in data and data["goal"].pk != indicator.goal_id:
            raise ValidationError({"goal": ["An indicator stays under its goal."]})
        _call(
            services.indicator_update,
            actor=self.actor,
            indicator=indicator,
            name=data.get("name", indicator.name),
            kind=data.get("kind", indicator.kind),
            unit_of_measure=data.get("unit_of_measure", indicator.unit_of_measure),
            description=data.get("description", indicator.description),
            dimensions=data["dimensions"]
            if "dimensions" in data
            else list(indicator.dimensions.all()),
            version=version,
        )
        return Response(IndicatorSerializer(self.get_queryset().get(pk=indicator.pk)).data)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)


class FigureSerializer(serializers.Serializer):
    """One breakdown figure: dimension and category by code, and the amount."""

    dimension = serializers.CharField()
    category = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, Breakdown):
            return {
                "dimension": instance.category.dimension.code,
                "category": instance.category.code,
                "amount": str(instance.amount),
            }
        return dict(super().to_representation(instance))


class ValueSerializer(serializers.ModelSerializer):
    indicator = EditableField(queryset=Indicator.objects.all())
    breakdown = FigureSerializer(many=True, required=False)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "period",
            "baseline",
            "target",
            "actual",
            "baseline_text",
            "target_text",
            "actual_text",
            "disaggregation_note",
            "breakdown",
            "version",
        ]
        read_only_fields = ["version"]
        validators: list[Any] = []  # a period given again updates that period's value


def _figures(indicator: Indicator, given: list[dict[str, Any]]) -> dict[Category, Any]:
    categories = {
        (category.dimension.code, category.code): category
        for category in Category.objects.select_related("dimension")
    }
    figures: dict[Category, Any] = {
        category: None
        for dimension in indicator.dimensions.all()
        for category in dimension.categories.all()
    }
    for figure in given:
        category = categories.get((figure["dimension"], figure["category"]))
        if category is None:
            raise ValidationError(
                {"breakdown": [f"No category {figure['category']!r} of {figure['dimension']!r}."]}
            )
        figures[category] = figure["amount"]
    return figures


class ValueFilterSerializer(serializers.Serializer):
    indicator = id_filter()


@extend_schema_view(
    list=extend_schema(summary="Indicator values you may read", parameters=[ValueFilterSerializer]),
    retrieve=extend_schema(
        summary="One period's value", responses={200: ValueSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(summary="Enter a period's value (a period given again is updated)"),
    update=extend_schema(
        summary="Change a period's value", responses={200: ValueSerializer, 404: NOT_FOUND}
    ),
    partial_update=extend_schema(summary="Change some of a period's value"),
)
class ValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    serializer_class = ValueSerializer

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        values = visible_to(IndicatorValue.objects.all(), user=self.request.user)
        if self.action == "list":
            query = parse_query(ValueFilterSerializer, self.request.query_params)
            if query.get("indicator") is not None:
                values = values.filter(indicator_id=query["indicator"])
        return values.prefetch_related(
            Prefetch("breakdown", queryset=Breakdown.objects.select_related("category__dimension"))
        ).order_by("indicator_id", "period")

    def _save(
        self,
        indicator: Indicator,
        data: dict[str, Any],
        current: IndicatorValue | None,
        version: int | None = None,
    ) -> IndicatorValue:
        def pick(name: str, default: Any) -> Any:
            return data.get(name, getattr(current, name) if current is not None else default)

        given = data.get("breakdown")
        if given is None and current is not None:
            given = [
                {
                    "dimension": f.category.dimension.code,
                    "category": f.category.code,
                    "amount": f.amount,
                }
                for f in current.breakdown.all()
            ]
        value, _changed = _call(
            services.indicator_value_save,
            actor=self.actor,
            indicator=indicator,
            period=pick("period", ""),
            baseline=pick("baseline", None),
            target=pick("target", None),
            actual=pick("actual", None),
            baseline_text=pick("baseline_text", ""),
            target_text=pick("target_text", ""),
            actual_text=pick("actual_text", ""),
            figures=_figures(indicator, given or []),
            disaggregation_note=pick("disaggregation_note", ""),
            version=version,
        )
        return self.get_queryset().get(pk=value.pk)

    def create(self, request: Request) -> Response:
        body = ValueSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        value = self._save(data["indicator"], data, None)
        return Response(ValueSerializer(value).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        current = self.get_object()
        version = self.if_match()
        body = ValueSerializer(
            current, data=request.data, partial=partial, context={"request": request}
        )
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "indicator" in data and data["indicator"].pk != current.indicator_id:
            raise ValidationError({"indicator": ["A value stays with its indicator."]})
        if "period" in data and data["period"] != current.period:
            raise ValidationError({"period": ["Enter another period as a new value."]})
        value = self._save(current.indicator, data, current, version)
        return Response(ValueSerializer(value).data)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)


# --- checklist -------------------------------------------------------------------------


class AnswerSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)
    answer = Choice(choices=Answer.choices, read_only=True, allow_blank=True)

    class Meta:
        model = ChecklistAnswer
        fields = ["id", "item", "answer", "note", "answered_at", "version"]


class RunSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    edition = serializers.CharField(source="edition.name", read_only=True)
    status = Choice(choices=RunStatus.choices, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistRun
        fields = ["id", "unit", "unit_code", "year", "edition", "status", "answers"]
        read_only_fields = fields


class RunCreateSerializer(serializers.Serializer):
    unit = CreatableUnitField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class AnswerWriteSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="The checklist code, e.g. CL.1.a.")
    answer = Choice(choices=Answer.choices, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=(
            "The answer's version as read (0: there was no answer). Required once the item "
            "has an answer; an If-Match header may give it instead."
        ),
    )


class RunFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=0, max_value=32767)


@extend_schema_view(
    list=extend_schema(summary="Checklist runs you may read", parameters=[RunFilterSerializer]),
    retrieve=extend_schema(
        summary="One checklist run with its answers", responses={200: RunSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Start a unit's checklist for a year",
        request=RunCreateSerializer,
        responses={201: RunSerializer},
    ),
)
class ChecklistRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    serializer_class = RunSerializer

    def get_queryset(self) -> QuerySet[ChecklistRun]:
        year = (
            parse_query(RunFilterSerializer, self.request.query_params).get("year")
            if self.action == "list"
            else None
        )
        return (
            selectors.checklist_run_list_visible_to(user=self.request.user, year=year)
            .select_related("edition")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=ChecklistAnswer.objects.select_related("item").order_by(
                        "item__position"
                    ),
                )
            )
        )

    def create(self, request: Request) -> Response:
        body = RunCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        run = _call(services.checklist_run_start, actor=self.actor, **body.validated_data)
        return Response(
            RunSerializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Answer one checklist item or question",
        description=(
            "Changing an answer needs the version you read (the body's `version`, or an "
            "If-Match header): 428 without it, 412 when someone else saved since."
        ),
        request=AnswerWriteSerializer,
        responses={200: AnswerSerializer, 404: NOT_FOUND, **preconditions.RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        body = AnswerWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = Item.objects.filter(
            edition_id=run.edition_id, code=body.validated_data["item"]
        ).first()
        if item is None or not services.checklist_item_in_run(run, item):
            raise ValidationError({"item": ["Not an item of this checklist."]})
        version = body.validated_data.get("version")
        if version is None and request.headers.get("If-Match"):
            version = self.if_match()
        if version is None and run.answers.filter(item=item).exists():
            raise preconditions.PreconditionRequired(
                "This item has an answer: send the version you read (the body's 'version' "
                "or an If-Match header)."
            )
        answer = _call(
            services.checklist_answer_save,
            actor=self.actor,
            run=run,
            item=item,
            answer=body.validated_data["answer"],
            note=body.validated_data["note"],
            version=version,
        )
        return Response(AnswerSerializer(answer).data)


# --- traceability ----------------------------------------------------------------------


class ServingSerializer(serializers.Serializer):
    item = serializers.CharField()
    goals = serializers.ListField(child=serializers.DictField())


class ServingView(APIView):
    """Goals, activities and indicators serving a guideline item, in plans you may read."""

    @extend_schema(
        summary="Work serving a guideline item", responses={200: ServingSerializer, 404: NOT_FOUND}
    )
    def get(self, request: Request, code: str) -> Response:
        item = selectors.item_by_code(code)
        work = selectors.work_serving_item(user=request.user, item=item)
        return Response(
            {
                "item": item.code,
                "goals": [
                    {
                        "id": goal.pk,
                        "title": goal.title,
                        "plan": goal.plan_id,
                        "unit": goal.plan.unit.code,
                        "year": goal.plan.year,
                        "activities": [
                            {"id": a.pk, "title": a.title, "status": a.status}
                            for a in goal.activities.all()
                        ],
                        "indicators": [
                            {
                                "id": i.pk,
                                "name": i.name,
                                "values": [
                                    {
                                        "period": v.period,
                                        "target": None if v.target is None else str(v.target),
                                        "actual": None if v.actual is None else str(v.actual),
                                    }
                                    for v in i.values.all()
                                ],
                            }
                            for i in goal.indicators.all()
                        ],
                    }
                    for goal in work.goals
                ],
            }
        )


__all__ = [
    "ActivityViewSet",
    "ChecklistRunViewSet",
    "GoalViewSet",
    "IndicatorViewSet",
    "PlanViewSet",
    "ServingView",
    "ValueViewSet",
]
