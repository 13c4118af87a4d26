from django.urls import path

from . import views

app_name = "civil_society"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("export.<str:fmt>", views.organisation_export, name="export"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/delete/", views.organisation_delete, name="delete"),
    path("<int:pk>/links/", views.link_add, name="link_add"),
    path("<int:pk>/links/<int:link_pk>/remove/", views.link_remove, name="link_remove"),
    path("<int:pk>/engagements/", views.engagement_add, name="engagement_add"),
    path(
        "<int:pk>/engagements/<int:engagement_pk>/remove/",
        views.engagement_remove,
        name="engagement_remove",
    ),
]
