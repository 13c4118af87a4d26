"""API routes of the roster, mounted at /api/mediators/."""

from rest_framework.routers import SimpleRouter

from .api import MediatorViewSet, RequestViewSet

app_name = "mediators"
router = SimpleRouter()
router.register("requests", RequestViewSet, basename="request")
router.register("mediators", MediatorViewSet, basename="mediator")
urlpatterns = router.urls
