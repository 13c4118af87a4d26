"""API routes of grants, mounted at /api/grants/."""

from rest_framework.routers import SimpleRouter

from .api import GrantViewSet

app_name = "grants"
router = SimpleRouter()
router.register("", GrantViewSet, basename="grant")
urlpatterns = [*router.urls]
