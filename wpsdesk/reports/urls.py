from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_start, name="start"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/narrative/<slug:section>/", views.narrative_save, name="narrative"),
    path("<int:pk>/approve/", views.report_approve, name="approve"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/files/", views.file_request, name="file_request"),
    path("<int:pk>/files/<int:file_pk>/", views.file_status, name="file"),
    path("<int:pk>/files/<int:file_pk>/download", views.file_download, name="file_download"),
]
