from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.operation_list, name="list"),
    path("new/", views.operation_create, name="create"),
    path("<int:pk>/", views.operation_detail, name="detail"),
    path("<int:pk>/edit/", views.operation_edit, name="edit"),
    path("<int:pk>/renewals/", views.renewal_add, name="renewal_add"),
    path(
        "<int:pk>/renewals/<int:renewal_pk>/delete/",
        views.renewal_delete,
        name="renewal_delete",
    ),
    path("<int:pk>/figures/", views.figure_add, name="figure_add"),
    path("<int:pk>/nominations/", views.nomination_add, name="nomination_add"),
    path("<int:pk>/personnel/new/", views.person_create, name="personnel_create"),
    path("personnel/<int:pk>/edit/", views.person_edit, name="personnel_edit"),
    path("personnel/<int:pk>/delete/", views.person_delete, name="personnel_delete"),
]
