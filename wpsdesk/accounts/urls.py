from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("session/", views.session_status, name="session_status"),
    path("security/", views.security, name="security"),
]
