from django.urls import path

from . import views

app_name = "mediators"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("new/", views.mediator_edit, name="create"),
    path("<int:pk>/", views.mediator_detail, name="detail"),
    path("<int:pk>/edit/", views.mediator_edit, name="edit"),
    path("<int:pk>/contact/", views.contact_edit, name="contact"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("requests/<int:pk>/deployment/", views.deployment_edit, name="deployment"),
    path("funding/", views.funding, name="funding"),
    path("funding/<int:pk>/", views.allocation_edit, name="allocation_edit"),
]
