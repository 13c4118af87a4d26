"""Session lifetime and the second-factor gate."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from wpsdesk.accounts.gate import is_public_path, is_second_factor_path, person_is_verified

Handler = Callable[[HttpRequest], HttpResponse]


def session_lifetime(get_response: Handler) -> Handler:
    """End sessions idle for longer than the idle timeout, or older than the absolute lifetime."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("wpsdesk_started", now)
            last_seen = request.session.get("wpsdesk_last_seen", now)
            idle = now - int(last_seen)
            age = now - int(started)
            if (
                idle > settings.SESSION_IDLE_TIMEOUT_SECONDS
                or age > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS
            ):
                logout(request)
                if request.path.startswith("/api/") or request.headers.get("HX-Request"):
                    return JsonResponse({"detail": "session expired"}, status=401)
                return redirect(f"{reverse('accounts:login')}?expired=1")
            # The status poll must not count as activity, or the idle timeout would never fire.
            if request.path != reverse("accounts:session_status"):
                request.session["wpsdesk_last_seen"] = now
        return get_response(request)

    return middleware


def require_second_factor(get_response: Handler) -> Handler:
    """Every non-public path needs a person who has passed the second factor."""

    def middleware(request: HttpRequest) -> HttpResponse:
        path = request.path
        if is_public_path(path):
            return get_response(request)
        if not request.user.is_authenticated:
            if path.startswith("/api/"):
                # The API authenticates per request (tokens); its permission class checks.
                return get_response(request)
            return redirect(f"{reverse('accounts:login')}?next={path}")
        if person_is_verified(request):
            return get_response(request)
        if is_second_factor_path(path):
            return get_response(request)
        if path.startswith("/api/"):
            return JsonResponse({"detail": "second factor required"}, status=403)
        return redirect(reverse("accounts:second_factor"))

    return middleware
