"""The screening API under ``/api/screening/``; rows in tests/screening/authz_api.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "screening"

router = SimpleRouter()
router.register("documents", api.DocumentViewSet, basename="document")

urlpatterns = [
    *router.urls,
    path("compare/", api.CompareView.as_view(), name="compare"),
    path("screen/", api.ScreenView.as_view(), name="screen"),
]
