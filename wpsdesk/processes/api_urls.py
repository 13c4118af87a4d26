"""API routes of peace processes, mounted at /api/processes/."""

from rest_framework.routers import SimpleRouter

from .api import ProcessViewSet

app_name = "processes"
router = SimpleRouter()
router.register("", ProcessViewSet, basename="process")
urlpatterns = router.urls
