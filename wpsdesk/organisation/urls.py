from django.urls import path

from . import views, views_breakglass

app_name = "organisation"
urlpatterns = [
    path("members/", views.unit_members, name="unit_members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/end/", views.member_end, name="member_end"),
    path("grants/", views.unit_grants, name="unit_grants"),
    path("grants/propose/", views.grant_propose, name="grant_propose"),
    path("grants/<int:pk>/approve/", views.grant_approve, name="grant_approve"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("break-glass/", views_breakglass.break_glass, name="break_glass"),
]
