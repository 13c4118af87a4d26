"""The API's endpoints: units, memberships and the person asking. All read-only.

Querysets come from :mod:`wpsdesk.api.selectors`, which take them from the policy
layer; another unit's record answers 404 like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wpsdesk.organisation.models import Membership, Unit

from . import selectors
from .models import ApiToken
from .serializers import (
    MembershipFilterSerializer,
    MembershipSerializer,
    MeSerializer,
    UnitSerializer,
)

NOT_FOUND = OpenApiResponse(description="No such record, or not yours to see.")


@extend_schema_view(
    list=extend_schema(summary="Units you may look at"),
    retrieve=extend_schema(summary="One unit", responses={200: UnitSerializer, 404: NOT_FOUND}),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    """Your own units; every unit for HQ coordinators, auditors and administrators."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list_visible_to(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Memberships you may look at", parameters=[MembershipFilterSerializer]
    ),
    retrieve=extend_schema(
        summary="One membership", responses={200: MembershipSerializer, 404: NOT_FOUND}
    ),
)
class MembershipViewSet(viewsets.ReadOnlyModelViewSet[Membership]):
    """Memberships of the units you belong to (past and future ones too)."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        filters: dict[str, Any] = {}
        if self.action == "list":
            query = MembershipFilterSerializer(data=self.request.query_params.dict())
            query.is_valid(raise_exception=True)
            filters = {
                "unit_id": query.validated_data.get("unit"),
                "current": query.validated_data.get("current"),
            }
        return selectors.membership_list_visible_to(user=self.request.user, **filters)


class MeView(APIView):
    """Who you are, your units and roles, and how you signed in."""

    @extend_schema(summary="Who am I", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        token = request.auth if isinstance(request.auth, ApiToken) else None
        me = {
            "user": user,
            "name": user.get_full_name() or user.username,  # type: ignore[union-attr]
            "units": selectors.unit_roles_of(user=user),
            "authenticated_with": "token" if token else "session",
            "token": token,
        }
        return Response(MeSerializer(me).data)
