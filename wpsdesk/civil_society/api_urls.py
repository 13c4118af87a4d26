"""API routes of the civil-society map, mounted at /api/civil-society/."""

from rest_framework.routers import SimpleRouter

from .api import OrganisationViewSet

app_name = "civil_society"
router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
urlpatterns = [*router.urls]
