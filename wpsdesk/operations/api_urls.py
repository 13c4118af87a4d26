"""API routes of operations, mounted at /api/operations/ (read only; no personnel)."""

from rest_framework.routers import SimpleRouter

from .api import OperationViewSet

app_name = "operations"
router = SimpleRouter()
# The operations sit at /api/operations/ itself (not /api/operations/operations/).
router.register("", OperationViewSet, basename="operation")
urlpatterns = [*router.urls]
