"""The API under ``/api/``: endpoints, schema, docs and the token page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import pages, views
from .docs import DocsView

app_name = "api"

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", views.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", pages.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    path("catalogue/", include("wpsdesk.catalogue.api_urls")),
    path("engagements/", include("wpsdesk.engagements.api_urls")),
    path("plans/", include("wpsdesk.planning.api_urls")),
    path("screening/", include("wpsdesk.screening.api_urls")),
    path("civil-society/", include("wpsdesk.civil_society.api_urls")),
    path("processes/", include("wpsdesk.processes.api_urls")),
    path("mediators/", include("wpsdesk.mediators.api_urls")),
    path("grants/", include("wpsdesk.grants.api_urls")),
    path("multilateral/", include("wpsdesk.multilateral.api_urls")),
    path("countries/", include("wpsdesk.countries.api_urls")),
    path("operations/", include("wpsdesk.operations.api_urls")),
]
