"""Log-in, the second factor, "Your account" and the session clock.

The log-in is two steps: a password (or single sign-on), then a code from the person's
authenticator app or a recovery code. Until both are done the gate in ``middleware``
lets the person reach nothing but these pages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.accounts import lockout, reauth, resets, services, sessions
from wpsdesk.accounts.forms import LoginForm, PasswordSetForm, SecondFactorForm, TotpCodeForm
from wpsdesk.accounts.gate import SSO_MFA_SESSION_KEY, person_is_verified
from wpsdesk.audit.services import record_event
from wpsdesk.organisation.models import User

NEXT_SESSION_KEY = "wpsdesk_next"


# --- helpers -------------------------------------------------------------------------


def _safe_next(request: HttpRequest, target: str | None) -> str:
    """``target`` if it stays on this site, else ''."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _person(request: HttpRequest) -> User:
    """The logged-in person (the gate lets nobody else reach the views that ask)."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def _requested_next(request: HttpRequest) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _home() -> str:
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _end_locked_session(request: HttpRequest, *, step: str) -> HttpResponse:
    """Too many wrong codes: end the half-finished log-in and say so."""
    record_event(
        kind="login.locked_out",
        actor=request.user,
        ip_address=lockout.client_ip(request),
        details={"step": step},
    )
    auth_logout(request)
    messages.error(
        request,
        _(
            "Too many wrong codes. Logging in is paused for a while; try again later. "
            "If you did not try to log in, tell an administrator."
        ),
    )
    return HttpResponseRedirect(reverse("accounts:login"))


def _complete_log_in(request: HttpRequest, device: Any) -> None:
    """Second factor done: remember the device, renew the session key, forgive failures."""
    otp_login(request, device)
    request.session.cycle_key()
    lockout.forgive(request, request.user.get_username())


def _after_log_in(request: HttpRequest) -> HttpResponse:
    next_url = _requested_next(request) or _safe_next(
        request, request.session.pop(NEXT_SESSION_KEY, "")
    )
    return HttpResponseRedirect(next_url or _home())


# --- log-in and log-out --------------------------------------------------------------


def _login_page(request: HttpRequest, form: LoginForm, next_url: str) -> HttpResponse:
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": next_url,
            "sso_enabled": settings.SSO_ENABLED,
            "expired": request.GET.get("expired") == "1",
            "logged_out": request.GET.get("logged_out") == "1",
        },
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Step one: username and password. Every refusal looks the same."""
    next_url = _requested_next(request)
    if person_is_verified(request):
        return HttpResponseRedirect(next_url or _home())
    if request.method != "POST":
        return _login_page(request, LoginForm(request), next_url)

    form = LoginForm(request, data=request.POST)
    username = str(form.data.get("username", ""))
    attempted = bool(username and form.data.get("password"))
    locked_before = attempted and lockout.is_locked(request, username)
    if form.is_valid():
        user = form.get_user()
        auth_login(request, user)  # a new session key; the session clocks start
        request.session.pop(SSO_MFA_SESSION_KEY, None)
        request.session[NEXT_SESSION_KEY] = next_url
        record_event(kind="login.password_ok", actor=user, ip_address=lockout.client_ip(request))
        return HttpResponseRedirect(reverse("accounts:second_factor"))
    if attempted:
        if locked_before:
            record_event(
                kind="login.locked_out",
                actor_label=username,
                ip_address=lockout.client_ip(request),
                details={"step": "password"},
            )
        else:
            record_event(
                kind="login.failure",
                actor_label=username,
                ip_address=lockout.client_ip(request),
                details={
                    "step": "password",
                    "lockout_started": bool(getattr(request, "axes_locked_out", False)),
                },
            )
    return _login_page(request, form, next_url)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: answer exactly as the view did.

    The log-in view already shows the one message used for every refusal, and the other
    views end the session themselves; replacing their answer would tell a locked account
    from a wrong password.
    """
    if isinstance(original_response, HttpResponse):
        return original_response
    return _login_page(request, LoginForm(request), "")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session (POST only, with the CSRF token)."""
    if request.user.is_authenticated:
        record_event(kind="logout", actor=request.user, ip_address=lockout.client_ip(request))
    auth_logout(request)
    return HttpResponseRedirect(reverse("accounts:login") + "?logged_out=1")


# --- second factor -------------------------------------------------------------------


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app, or a recovery code."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login"))
    if person_is_verified(request):
        return _after_log_in(request)
    user = _person(request)
    next_url = _requested_next(request)
    if not services.has_second_factor(user):
        return HttpResponseRedirect(_with_next(reverse("accounts:second_factor_enrol"), next_url))

    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        username = user.get_username()
        if lockout.is_locked(request, username):
            return _end_locked_session(request, step="second_factor")
        wait = (
            services.second_factor_wait_seconds(user=user, code=form.cleaned_data["code"])
            if form.is_valid()
            else 0
        )
        if wait:
            form.add_error(
                "code",
                ngettext(
                    "Wait %(seconds)d second after a wrong code, then try again.",
                    "Wait %(seconds)d seconds after a wrong code, then try again.",
                    wait,
                )
                % {"seconds": wait},
            )
        elif form.is_valid():
            verified = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
            if verified is not None:
                _complete_log_in(request, verified.device)
                details: dict[str, Any] = {"method": verified.method}
                if verified.method == "recovery_code":
                    left = services.recovery_codes_left(user)
                    details["recovery_codes_left"] = left
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code. You have %(count)d left. "
                            "Make new ones on “Your account” if you are running out."
                        )
                        % {"count": left},
                    )
                record_event(
                    kind="login.second_factor_ok",
                    actor=user,
                    ip_address=lockout.client_ip(request),
                    details=details,
                )
                return _after_log_in(request)
            now_locked = lockout.count_failure(request, username)
            record_event(
                kind="login.second_factor_failure",
                actor=user,
                ip_address=lockout.client_ip(request),
                details={"step": "second_factor", "lockout_started": now_locked},
            )
            if now_locked:
                auth_logout(request)
                messages.error(
                    request,
                    _(
                        "Too many wrong codes. Logging in is paused for a while; try again "
                        "later. If you did not try to log in, tell an administrator."
                    ),
                )
                return HttpResponseRedirect(reverse("accounts:login"))
            form.add_error(
                "code",
                _(
                    "That code did not work. Codes change every 30 seconds and each works "
                    "only once: wait for a new one and try again."
                ),
            )
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, confirm with a code, get recovery codes."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login"))
    user = _person(request)
    next_url = _requested_next(request)
    if services.has_second_factor(user):
        if person_is_verified(request):
            return HttpResponseRedirect(reverse("accounts:security"))
        return HttpResponseRedirect(_with_next(reverse("accounts:second_factor"), next_url))

    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        username = user.get_username()
        if lockout.is_locked(request, username):
            return _end_locked_session(request, step="enrolment")
        if form.is_valid():
            ip_address = lockout.client_ip(request)
            device = services.enrolment_confirm(
                user=user, code=form.cleaned_data["code"], ip_address=ip_address
            )
            if device is not None:
                _complete_log_in(request, device)
                codes = services.recovery_codes_generate(user=user, ip_address=ip_address)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {
                        "codes": codes,
                        "continue_url": next_url
                        or _safe_next(request, request.session.pop(NEXT_SESSION_KEY, ""))
                        or _home(),
                        "first_time": True,
                    },
                )
            now_locked = lockout.count_failure(request, username)
            record_event(
                kind="login.second_factor_failure",
                actor=user,
                ip_address=ip_address,
                details={"step": "enrolment", "lockout_started": now_locked},
            )
            if now_locked:
                return _end_locked_session(request, step="enrolment")
            form.add_error(
                "code",
                _(
                    "That code did not match. Check that you scanned the code on this page "
                    "and enter the code your app shows now."
                ),
            )
    enrolment = services.enrolment_start(user=user)
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "enrolment": enrolment, "next": next_url},
    )


# --- your account ---------------------------------------------------------------------


def _security_page(
    request: HttpRequest,
    *,
    codes_form: TotpCodeForm | None = None,
    password_form: PasswordChangeForm | None = None,
) -> HttpResponse:
    user = _person(request)
    device: TOTPDevice | None = services.confirmed_totp_device(user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "sso_mfa": request.session.get(SSO_MFA_SESSION_KEY) is True,
            "recovery_codes_left": services.recovery_codes_left(user),
            "codes_form": codes_form or TotpCodeForm(prefix="codes"),
            "password_form": password_form or PasswordChangeForm(user),
            "has_password": user.has_usable_password(),
        },
    )


@never_cache
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    """Your account: the second factor, recovery codes and the password."""
    return _security_page(request)


@sensitive_post_parameters("codes-code")
@never_cache
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    """New recovery codes, after a current code from the authenticator app.

    A wrong code counts toward lockout; if the username or address is locked after it,
    the session ends. A right code works even while the address is locked by others'
    failures (several people may share one office address).
    """
    user = _person(request)
    username = user.get_username()
    form = TotpCodeForm(request.POST, prefix="codes")
    if not services.has_second_factor(user):
        form.add_error(None, _("Set up an authenticator app first."))
        return _security_page(request, codes_form=form)
    if form.is_valid():
        if services.totp_reauthenticate(user=user, code=form.cleaned_data["code"]):
            reauth.mark_reauthenticated(request)
            lockout.forgive(request, username)
            codes = services.recovery_codes_generate(
                user=user, ip_address=lockout.client_ip(request)
            )
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "continue_url": reverse("accounts:security"), "first_time": False},
            )
        if lockout.count_failure(request, username):
            return _end_locked_session(request, step="reauthentication")
        form.add_error(
            "code",
            _("That code did not work. Wait for a new code in your app and try again."),
        )
    return _security_page(request, codes_form=form)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password: the current one first, then a new one that passes the rules."""
    user = _person(request)
    username = user.get_username()
    form = PasswordChangeForm(user, request.POST)
    if form.is_valid():
        user._wpsdesk_password_logged = True  # type: ignore[attr-defined]  # logged below
        form.save()
        update_session_auth_hash(request, form.user)  # other sessions of the person end
        record_event(kind="password.changed", actor=user, ip_address=lockout.client_ip(request))
        messages.success(request, _("Your password has been changed."))
        return HttpResponseRedirect(reverse("accounts:security"))
    if form.has_error("old_password", "password_incorrect") and lockout.count_failure(
        request, username
    ):
        return _end_locked_session(request, step="reauthentication")
    return _security_page(request, password_form=form)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm it is still you: a current code before a sensitive action."""
    user = _person(request)
    next_url = _requested_next(request) or _home()
    has_app = services.has_second_factor(user)
    form = TotpCodeForm(request.POST if request.method == "POST" and has_app else None)
    if request.method == "POST" and has_app and form.is_valid():
        username = user.get_username()
        ip_address = lockout.client_ip(request)
        if services.totp_reauthenticate(user=user, code=form.cleaned_data["code"]):
            reauth.mark_reauthenticated(request)
            lockout.forgive(request, username)
            record_event(kind="reauthentication.ok", actor=user, ip_address=ip_address)
            return HttpResponseRedirect(next_url)
        now_locked = lockout.count_failure(request, username)
        record_event(
            kind="reauthentication.failure",
            actor=user,
            ip_address=ip_address,
            details={"lockout_started": now_locked},
        )
        if now_locked:
            return _end_locked_session(request, step="reauthentication")
        form.add_error(
            "code",
            _("That code did not work. Wait for a new code in your app and try again."),
        )
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "next": next_url, "has_app": has_app},
    )


@sensitive_post_parameters("code", "new_password1", "new_password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def password_set(request: HttpRequest) -> HttpResponse:
    """After a reset two administrators approved: the person sets their own new password.

    Open before log-in (the person has no password). The code is long and random and
    works once; a wrong one gets the same answer whatever the reason.
    """
    form = PasswordSetForm(request.POST if request.method == "POST" else None)
    bad_code = _("That code does not work: it is used, expired or mistyped.")
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        reset = resets.reset_for_link(code)
        if reset is None:
            form.add_error("code", bad_code)
        else:
            try:
                resets.password_set_with_link(
                    link_token=code,
                    password=form.cleaned_data["new_password1"],
                    ip_address=lockout.client_ip(request),
                )
            except ValidationError as exc:
                form.add_error("new_password1", exc)
            except PermissionDenied:
                form.add_error(
                    "code", _("That code does not work: it is used, expired or mistyped.")
                )
            else:
                messages.success(request, _("Your new password is set. Log in with it."))
                return HttpResponseRedirect(reverse("accounts:login"))
    return render(request, "accounts/password_set.html", {"form": form})


# --- session clock ---------------------------------------------------------------------


@never_cache
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """Seconds left in this session. Asking does not count as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "seconds_left": 0})
    left = sessions.remaining(request.session)
    return JsonResponse(
        {
            "authenticated": True,
            "seconds_left": left.seconds,
            "limited_by_lifetime": left.limited_by_lifetime,
            "warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
        }
    )


@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay logged in": count this as activity (CSRF-protected POST)."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"authenticated": False, "seconds_left": 0})
        return HttpResponseRedirect(reverse("accounts:login") + "?expired=1")
    sessions.touch(request.session, force=True)
    left = sessions.remaining(request.session)
    if wants_json:
        return JsonResponse(
            {
                "authenticated": True,
                "seconds_left": left.seconds,
                "limited_by_lifetime": left.limited_by_lifetime,
            }
        )
    return HttpResponseRedirect(_requested_next(request) or _home())


# --- the admin's own log-in ------------------------------------------------------------


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Replaces the admin's log-in: everyone logs in here, with the second factor.

    A verified administrator goes on to the page asked for; a verified person who is not
    an administrator is refused rather than sent round in a loop between the admin and
    the log-in page.
    """
    next_url = _requested_next(request) or reverse("admin:index")
    if person_is_verified(request):
        if request.user.is_staff:
            return HttpResponseRedirect(next_url)
        raise PermissionDenied
    return HttpResponseRedirect(_with_next(reverse("accounts:login"), next_url))


def admin_logout(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Replaces the admin's log-out, so that it too is in the security log."""
    return logout(request)
