from django.urls import path

from . import views

app_name = "seah"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("handlers/", views.handlers, name="handlers"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/close/", views.report_close, name="close"),
    path("<int:pk>/steps/", views.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("<int:pk>/export.<str:fmt>", views.report_export, name="export"),
]
