from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.month_view, name="month"),
    path("list/", views.list_view, name="list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("global/", views.global_list, name="global_list"),
    path("global/new/", views.global_edit, name="global_create"),
    path("global/<int:pk>/edit/", views.global_edit, name="global_edit"),
    path("global/<int:pk>/delete/", views.global_delete, name="global_delete"),
    path("reminders/", views.reminder_list, name="reminders"),
    path("reminders/set/", views.reminder_set, name="reminder_set"),
    path("reminders/<int:pk>/remove/", views.reminder_remove, name="reminder_remove"),
    path("subscribe/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed_ics, name="feed"),
]
