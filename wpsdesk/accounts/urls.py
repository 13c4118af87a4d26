"""Log-in, second factor, "Your account", the session clock and single sign-on."""

from django.urls import include, path

from . import sso, views

app_name = "accounts"

# mozilla-django-oidc's two views, as our subclasses; its log-out view is left out so that
# every log-out goes through ours (and the security log).
sso_patterns = [
    path("authenticate/", sso.OrganisationLoginView.as_view(), name="oidc_authentication_init"),
    path("callback/", sso.OrganisationCallbackView.as_view(), name="oidc_authentication_callback"),
]

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/set-up/", views.second_factor_enrol, name="second_factor_enrol"),
    path("session/", views.session_status, name="session_status"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("security/", views.security, name="security"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
    path("set-password/", views.password_set, name="password_set"),
    path("security/password/", views.password_change, name="password_change"),
    path(
        "security/recovery-codes/",
        views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("sso/", include(sso_patterns)),
]
