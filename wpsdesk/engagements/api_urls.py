"""API routes of engagements, mounted at /api/engagements/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    EngagementViewSet,
    EnvoyViewSet,
    FiguresView,
    IssueViewSet,
    NominationViewSet,
    TeamViewSet,
)

app_name = "engagements"
router = SimpleRouter()
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("issues", IssueViewSet, basename="issue")
router.register("teams", TeamViewSet, basename="team")
router.register("envoys", EnvoyViewSet, basename="envoy")
router.register("nominations", NominationViewSet, basename="nomination")
urlpatterns = [*router.urls, path("figures/", FiguresView.as_view(), name="figures")]
