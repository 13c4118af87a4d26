"""Routes of the planning pages. Each has a row in tests/planning/authz_rows.py."""

from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("<int:pk>/results/", views.results_edit, name="results_edit"),
    path("<int:pk>/results/approve/", views.results_approve, name="results_approve"),
    path("<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("goals/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/progress/", views.activity_progress, name="activity_progress"),
    path("activities/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/new/", views.value_create, name="value_create"),
    path("values/<int:pk>/edit/", views.value_edit, name="value_edit"),
    path("checklist/", views.checklist_list, name="checklist_list"),
    path("checklist/start/", views.checklist_start, name="checklist_start"),
    path("checklist/compare/", views.checklist_compare, name="checklist_compare"),
    path("checklist/<int:pk>/", views.checklist_run, name="checklist_run"),
    path("checklist/<int:pk>/complete/", views.checklist_complete, name="checklist_complete"),
    path(
        "checklist/<int:pk>/items/<int:item_pk>/",
        views.checklist_answer,
        name="checklist_answer",
    ),
    path(
        "checklist/<int:pk>/answers/<int:answer_pk>/activity/",
        views.answer_activity,
        name="answer_activity",
    ),
    path(
        "checklist/<int:pk>/answers/<int:answer_pk>/evidence/",
        views.answer_evidence,
        name="answer_evidence",
    ),
    path("serving/<str:code>/", views.serving, name="serving"),
    path("gaps/", views.gaps, name="gaps"),
    path("exchange/", views.exchange_page, name="exchange"),
    path("export/", views.export, name="export"),
    path("template/", views.template, name="template"),
    path("import/", views.import_plans, name="import"),
]
