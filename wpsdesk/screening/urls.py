from django.urls import path

from . import views, views_compare, views_export

app_name = "screening"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("compare/", views_compare.compare_page, name="compare"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/progress/", views.document_progress, name="progress"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/rescreen/", views.document_rescreen, name="rescreen"),
    path("<int:pk>/delete/", views.document_delete, name="delete"),
    path("<int:pk>/findings.<str:fmt>", views_export.findings_export, name="export"),
]
