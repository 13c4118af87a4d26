"""The planning API under ``/api/plans/``. Each route has rows in tests/planning/authz_rows.py."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "planning"

router = SimpleRouter()
router.register("goals", api.GoalViewSet, basename="goal")
router.register("activities", api.ActivityViewSet, basename="activity")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
router.register("values", api.ValueViewSet, basename="value")
router.register("checklist-runs", api.ChecklistRunViewSet, basename="checklist-run")
router.register("", api.PlanViewSet, basename="plan")

urlpatterns = [
    path("serving/<str:code>/", api.ServingView.as_view(), name="serving"),
    path("", include(router.urls)),
]
