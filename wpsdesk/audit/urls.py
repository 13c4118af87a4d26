from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="events"),
    path(
        "break-glass/<int:pk>/reviewed/",
        views.break_glass_reviewed,
        name="break_glass_reviewed",
    ),
]
