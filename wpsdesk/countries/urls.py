from django.urls import path, register_converter

from . import views


class CountryCode:
    """Two capital letters: an ISO 3166-1 alpha-2 code."""

    regex = "[A-Z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CountryCode, "iso")

app_name = "countries"
urlpatterns = [
    path("", views.country_list, name="list"),
    path("<iso:code>/", views.country_detail, name="detail"),
    path("<iso:code>/<slug:kind>/new/", views.record_create, name="record_create"),
    path("<iso:code>/<slug:kind>/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("<iso:code>/<slug:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path(
        "<iso:code>/recommendations/<int:pk>/follow-ups/",
        views.follow_up_add,
        name="follow_up_add",
    ),
]
