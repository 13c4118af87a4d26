from django.urls import path

from . import views, views_dashboard, views_import, views_teams

app_name = "engagements"
urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("new/", views.engagement_create, name="create"),
    path("<int:pk>/", views.engagement_detail, name="detail"),
    path("<int:pk>/edit/", views.engagement_edit, name="edit"),
    path("<int:pk>/issues/", views.issue_add, name="issue_add"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
    path("dashboard/export.<str:fmt>", views_dashboard.dashboard_export, name="export"),
    path("import/", views_import.import_page, name="import"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("teams/", views_teams.team_list, name="teams"),
    path("teams/new/", views_teams.team_edit, name="team_create"),
    path("teams/<int:pk>/", views_teams.team_edit, name="team_edit"),
    path("representation/<str:kind>/new/", views_teams.record_edit, name="record_create"),
    path("representation/<str:kind>/<int:pk>/", views_teams.record_edit, name="record_edit"),
]
