"""API routes of the roster, mounted at /api/mediators/."""

from rest_framework.routers import SimpleRouter

from .api import MediatorViewSet, RequestViewSet

app_name = "mediators"
router = SimpleRouter()
router.register("requests", RequestViewSet, basename="request")
# The roster itself sits at /api/mediators/ (not /api/mediators/mediators/); registered
# last, with numeric ids, so requests/ is not read as an id.
router.register("", MediatorViewSet, basename="mediator")
urlpatterns = router.urls
