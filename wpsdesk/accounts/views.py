"""PLACEHOLDER — replaced by the log-in work."""

from django.http import HttpRequest, HttpResponse


def login(request: HttpRequest) -> HttpResponse:
    return HttpResponse("login")


def logout(request: HttpRequest) -> HttpResponse:
    return HttpResponse("logout")


def second_factor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("2fa")


def session_status(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def security(request: HttpRequest) -> HttpResponse:
    return HttpResponse("security")


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args: object, **kwargs: object
) -> HttpResponse:
    return HttpResponse("locked", status=403)
