"""Session lifetime and the second-factor gate.

``session_lifetime`` ends sessions that were idle too long, that reached their absolute
lifetime, or whose person can no longer log in (disabled or removed). ``require_second_factor``
sends everyone who has not passed the second factor away from every non-public path.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from wpsdesk.accounts import sessions
from wpsdesk.accounts.gate import is_public_path, is_second_factor_path, person_is_verified
from wpsdesk.accounts.lockout import client_ip
from wpsdesk.audit.services import record_event
from wpsdesk.core.htmx import is_htmx

Handler = Callable[[HttpRequest], HttpResponse]

API_PREFIX = "/api/"
# Web pages that live under /api/ (a person's own tokens): they behave like every page.
API_WEB_PAGES = ("/api/tokens/",)


def _is_api(path: str) -> bool:
    return path.startswith(API_PREFIX) and not path.startswith(API_WEB_PAGES)


def _wants_json(request: HttpRequest) -> bool:
    return _is_api(request.path) or request.path == reverse("accounts:session_status")


def _login_url(request: HttpRequest, **flags: str) -> str:
    params = dict(flags)
    if request.method == "GET":
        params["next"] = request.get_full_path()
    query = urlencode(params)
    return reverse("accounts:login") + (f"?{query}" if query else "")


def _send_away(request: HttpRequest, target: str, status: int, detail: str) -> HttpResponse:
    """A redirect for pages; 401/403 JSON for the API and htmx (which follows HX-Redirect)."""
    if _wants_json(request) or is_htmx(request):
        response = JsonResponse({"detail": detail}, status=status)
        if is_htmx(request):
            response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


def session_lifetime(get_response: Handler) -> Handler:
    """End sessions idle too long, older than the absolute lifetime, or of a disabled person."""

    def middleware(request: HttpRequest) -> HttpResponse:
        session = request.session
        if not request.user.is_authenticated:
            if SESSION_KEY in session:
                # The session names a person who can no longer log in (disabled or
                # removed since): end it now, so that enabling them again revives nothing.
                person = get_user_model().objects.filter(pk=session[SESSION_KEY]).first()
                session.flush()
                record_event(
                    kind="session.ended",
                    actor=person,
                    ip_address=client_ip(request),
                    details={"reason": "account_unavailable"},
                )
            return get_response(request)

        left = sessions.remaining(session)
        if left.expired:
            record_event(
                kind="session.ended",
                actor=request.user,
                ip_address=client_ip(request),
                details={"reason": left.reason},
            )
            logout(request)
            if not is_public_path(request.path):
                return _send_away(
                    request,
                    _login_url(request, expired="1"),
                    status=401,
                    detail="Your session has ended. Log in again.",
                )
            return get_response(request)

        # The status poll must not count as activity, or the idle timeout would never fire.
        if request.path != reverse("accounts:session_status"):
            sessions.touch(session)
        return get_response(request)

    return middleware


def require_second_factor(get_response: Handler) -> Handler:
    """Every non-public path needs a person who has passed the second factor."""

    def middleware(request: HttpRequest) -> HttpResponse:
        path = request.path
        if is_public_path(path):
            return get_response(request)
        if not request.user.is_authenticated:
            if _is_api(path):
                # The API authenticates per request (tokens); its permission class checks.
                return get_response(request)
            return _send_away(request, _login_url(request), status=401, detail="Log in first.")
        if person_is_verified(request):
            return get_response(request)
        if is_second_factor_path(path):
            return get_response(request)
        target = reverse("accounts:second_factor")
        if request.method == "GET" and not _is_api(path):
            target += "?" + urlencode({"next": request.get_full_path()})
        return _send_away(request, target, status=403, detail="Second factor required.")

    return middleware
