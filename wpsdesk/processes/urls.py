"""Routes of the peace-process workspace, mounted at /processes/."""

from django.urls import path

from . import views, views_agreements

app_name = "processes"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("new/", views.process_create, name="create"),
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/edit/", views.process_edit, name="edit"),
    path("<int:pk>/analyses/new/", views.analysis_create, name="analysis_create"),
    path("<int:pk>/inclusion/<slug:group>/", views.inclusion_edit, name="inclusion_edit"),
    path(
        "<int:pk>/inclusion/<slug:group>/activity/",
        views.inclusion_activity,
        name="inclusion_activity",
    ),
    path("<int:pk>/strategy/new/", views.objective_add, name="objective_add"),
    path("strategy/<int:pk>/", views.objective_edit, name="objective_edit"),
    path("<int:pk>/agreements/new/", views_agreements.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views_agreements.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", views_agreements.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/offers/", views_agreements.clause_decide, name="clause_decide"),
    path("agreements/<int:pk>/clauses/new/", views_agreements.clause_add, name="clause_add"),
    path("agreements/<int:pk>/seats/new/", views_agreements.seats_add, name="seats_add"),
    path("clauses/<int:pk>/", views_agreements.clause_detail, name="clause"),
    path("clauses/<int:pk>/edit/", views_agreements.clause_edit, name="clause_edit"),
    path("clauses/<int:pk>/status/", views_agreements.clause_status, name="clause_status"),
    path("analyses/", views_agreements.analysis_list, name="analyses"),
    path("analyses/new/", views_agreements.analysis_create_country, name="analysis_create_country"),
    path("analyses/<int:pk>/", views.analysis_detail, name="analysis"),
    path("analyses/<int:pk>/edit/", views.analysis_edit, name="analysis_edit"),
    path("analyses/<int:pk>/approve/", views.analysis_approve, name="analysis_approve"),
    path("analyses/<int:pk>/new-version/", views.analysis_new_version, name="analysis_new_version"),
    path("analyses/<int:pk>/compare/", views.analysis_compare, name="analysis_compare"),
]
