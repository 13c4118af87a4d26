from django.urls import path

from . import views, views_figures, views_practice

app_name = "grants"
urlpatterns = [
    path("", views.grant_list, name="list"),
    path("new/", views.grant_create, name="create"),
    path("export.<str:fmt>", views.grant_export, name="export"),
    path("dashboard/", views_figures.dashboard_page, name="dashboard"),
    path("import/", views_figures.import_page, name="import"),
    path("import/template.xlsx", views_figures.import_template, name="import_template"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("best-practice/", views_practice.practice_list, name="practices"),
    path("best-practice/new/", views_practice.practice_create, name="practice_create"),
    path("best-practice/<int:pk>/", views_practice.practice_detail, name="practice"),
    path("best-practice/<int:pk>/edit/", views_practice.practice_edit, name="practice_edit"),
    path("<int:pk>/", views.grant_detail, name="detail"),
    path("<int:pk>/edit/", views.grant_edit, name="edit"),
    path("<int:pk>/delete/", views.grant_delete, name="delete"),
    path("<int:pk>/needs-analysis/", views.needs_analysis_upload, name="needs_upload"),
    path("<int:pk>/needs-analysis/file", views.needs_analysis_download, name="needs_download"),
    path("<int:pk>/reports/", views.report_add, name="report_add"),
    path("<int:pk>/reports/<int:report_pk>/", views.report_edit, name="report_edit"),
    path("<int:pk>/reports/<int:report_pk>/delete/", views.report_delete, name="report_delete"),
    path("<int:pk>/reports/<int:report_pk>/file", views.report_download, name="report_download"),
    path("<int:pk>/engagements/", views.engagement_add, name="engagement_add"),
    path(
        "<int:pk>/engagements/<int:engagement_pk>/remove/",
        views.engagement_remove,
        name="engagement_remove",
    ),
]
