from django.urls import path

from . import views, views_breakglass

app_name = "organisation"
urlpatterns = [
    path("members/", views.unit_members, name="unit_members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/end/", views.member_end, name="member_end"),
    path("break-glass/", views_breakglass.break_glass, name="break_glass"),
]
