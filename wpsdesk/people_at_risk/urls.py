"""People at risk: pages only, never an API (see ``docs/people-at-risk.md``)."""

from django.urls import path

from . import views

app_name = "people_at_risk"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("search/", views.name_search, name="name_search"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/log/", views.event_add, name="event_add"),
    path("<int:pk>/assessments/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("<int:pk>/files/", views.file_add, name="file_add"),
    path("<int:pk>/review/", views.person_review, name="review"),
    path("<int:pk>/export/", views.person_export, name="export"),
    path("measures/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
]
