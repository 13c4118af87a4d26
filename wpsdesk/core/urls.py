from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/switch/", views.unit_switch, name="unit_switch"),
    path("search/", views.search, name="search"),
]
