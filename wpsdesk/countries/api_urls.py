"""API routes of the country pages, mounted at /api/countries/."""

from rest_framework.routers import SimpleRouter

from .api import VIEWSETS, CountryViewSet

app_name = "countries"
router = SimpleRouter()
for key, viewset in VIEWSETS.items():
    router.register(key, viewset, basename=key)
router.register("", CountryViewSet, basename="country")
urlpatterns = [*router.urls]
