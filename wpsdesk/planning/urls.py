"""Routes of the planning pages. Each has a row in tests/planning/authz_rows.py."""

from django.urls import path

from .views import activities, checklist, goals, indicators, plans, spreadsheets, traceability

app_name = "planning"
urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("new/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("<int:pk>/reopen/", plans.plan_reopen, name="plan_reopen"),
    path("<int:pk>/results/", plans.results_edit, name="results_edit"),
    path("<int:pk>/results/approve/", plans.results_approve, name="results_approve"),
    path("<int:pk>/copy/", plans.plan_copy, name="plan_copy"),
    path("<int:pk>/goals/new/", goals.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/activities/new/", activities.activity_create, name="activity_create"),
    path("goals/<int:pk>/indicators/new/", indicators.indicator_create, name="indicator_create"),
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/progress/", activities.activity_progress, name="activity_progress"),
    path("activities/<int:pk>/evidence/", activities.activity_evidence, name="activity_evidence"),
    path("evidence/<int:pk>/download/", activities.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", activities.evidence_remove, name="evidence_remove"),
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/new/", indicators.value_create, name="value_create"),
    path("values/<int:pk>/edit/", indicators.value_edit, name="value_edit"),
    path("checklist/", checklist.checklist_list, name="checklist_list"),
    path("checklist/start/", checklist.checklist_start, name="checklist_start"),
    path("checklist/compare/", checklist.checklist_compare, name="checklist_compare"),
    path("checklist/<int:pk>/", checklist.checklist_run, name="checklist_run"),
    path("checklist/<int:pk>/complete/", checklist.checklist_complete, name="checklist_complete"),
    path(
        "checklist/<int:pk>/items/<int:item_pk>/",
        checklist.checklist_answer,
        name="checklist_answer",
    ),
    path(
        "checklist/<int:pk>/answers/<int:answer_pk>/activity/",
        checklist.answer_activity,
        name="answer_activity",
    ),
    path(
        "checklist/<int:pk>/answers/<int:answer_pk>/evidence/",
        checklist.answer_evidence,
        name="answer_evidence",
    ),
    path("serving/<str:code>/", traceability.serving, name="serving"),
    path("gaps/", traceability.gaps, name="gaps"),
    path("exchange/", spreadsheets.exchange_page, name="exchange"),
    path("export/", spreadsheets.export, name="export"),
    path("template/", spreadsheets.template, name="template"),
    path("import/", spreadsheets.import_plans, name="import"),
]
