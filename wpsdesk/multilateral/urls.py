"""Routes of multilateral work, mounted at /multilateral/."""

from django.urls import path

from . import views

app_name = "multilateral"
urlpatterns = [
    path("", views.file_list, name="list"),
    path("new/", views.file_create, name="create"),
    path("<int:pk>/", views.file_detail, name="detail"),
    path("<int:pk>/edit/", views.file_edit, name="edit"),
    path("<int:pk>/objectives/new/", views.objective_add, name="objective_add"),
    path("<int:pk>/drafts/new/", views.draft_add, name="draft_add"),
    path("<int:pk>/statements/new/", views.statement_add, name="statement_add"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("statements/new/", views.statement_create, name="statement_create"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements/<int:pk>/edit/", views.statement_edit, name="statement_edit"),
    path("side-events/new/", views.event_create, name="event_create"),
    path("side-events/<int:pk>/", views.event_detail, name="event"),
    path("side-events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("forums/", views.forum_list, name="forums"),
    path("forums/<slug:code>/", views.forum_detail, name="forum"),
    path("forums/<slug:code>/records/new/", views.forum_record_add, name="forum_record_add"),
]
