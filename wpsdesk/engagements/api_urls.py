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
router.register("issues", IssueViewSet, basename="issue")
router.register("teams", TeamViewSet, basename="team")
router.register("envoys", EnvoyViewSet, basename="envoy")
router.register("nominations", NominationViewSet, basename="nomination")
# The engagements themselves sit at /api/engagements/ (not /api/engagements/engagements/);
# registered last, with numeric ids, so the other routes are not read as an id.
router.register("", EngagementViewSet, basename="engagement")
urlpatterns = [path("figures/", FiguresView.as_view(), name="figures"), *router.urls]
