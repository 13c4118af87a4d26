"""API routes of multilateral work, mounted at /api/multilateral/."""

from rest_framework.routers import SimpleRouter

from .api import FileViewSet

app_name = "multilateral"
router = SimpleRouter()
router.register("files", FileViewSet, basename="file")
urlpatterns = router.urls
