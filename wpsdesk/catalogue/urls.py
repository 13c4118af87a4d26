"""Routes of the catalogue pages. Each has a row in tests/catalogue/authz_rows.py."""

from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/<str:code>/", views.item_detail, name="item"),
    path("search/", views.search, name="search"),
    path("resolutions/", views.resolutions, name="resolutions"),
    path("resources/", views.resources, name="resources"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/add/", views.priority_add, name="priority_add"),
    path("priorities/<int:pk>/end/", views.priority_end, name="priority_end"),
    path("items/<str:code>/serving/<slug:key>/", views.serving_list, name="serving"),
]
