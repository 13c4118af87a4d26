"""API routes of operations, mounted at /api/operations/ (read only; no personnel)."""

from rest_framework.routers import SimpleRouter

from .api import OperationViewSet

app_name = "operations"
router = SimpleRouter()
router.register("operations", OperationViewSet, basename="operation")
urlpatterns = [*router.urls]
