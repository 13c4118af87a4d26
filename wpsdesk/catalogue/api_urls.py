"""API routes of the catalogue, mounted at /api/catalogue/."""

from rest_framework.routers import SimpleRouter

from .api import ItemViewSet, PriorityEntryViewSet, ResolutionViewSet

app_name = "catalogue"
router = SimpleRouter()
router.register("items", ItemViewSet, basename="item")
router.register("resolutions", ResolutionViewSet, basename="resolution")
router.register("priority-entries", PriorityEntryViewSet, basename="priority-entry")
urlpatterns = router.urls
