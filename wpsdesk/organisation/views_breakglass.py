"""Break-glass pages: opening a restricted record in an emergency (see :mod:`.breakglass`)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from wpsdesk.accounts import lockout, reauth
from wpsdesk.accounts.services import totp_reauthenticate
from wpsdesk.audit.services import record_event

from . import breakglass
from .models import User
from .policy import is_person

MAX_ID = 2**63 - 1


def _record_types() -> list[tuple[str, str]]:
    return sorted(
        (label, str(model._meta.verbose_name).capitalize())
        for label, model in breakglass.classified_models().items()
    )


class BreakGlassForm(forms.Form):
    record_type = forms.ChoiceField(
        label=gettext_lazy("Kind of record"), widget=forms.Select(attrs={"class": "ds-input"})
    )
    record_id = forms.IntegerField(
        label=gettext_lazy("Record number"),
        min_value=1,
        max_value=MAX_ID,
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why you need it now"),
        min_length=breakglass.REASON_MIN_LENGTH,
        max_length=300,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
    )
    code = forms.RegexField(
        label=gettext_lazy("Current code from your authenticator app"),
        regex=r"^\d{6}$",
        widget=forms.TextInput(
            attrs={"class": "ds-input", "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["record_type"]).choices = _record_types()


def _page(request: HttpRequest, form: BreakGlassForm, status: int = 200) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "organisation/break_glass.html",
        {
            "form": form,
            "may_open": breakglass.eligible_units(user) != [],
            "hours": breakglass.hours(),
            "led_openings": breakglass.awaiting_review_in_units_led_by(user),
        },
        status=status,
    )


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    """Open a restricted record by its reference, with a reason and a current code.

    Editors and leads without clearance in the record's unit, and HQ coordinators, may
    open; unit leads see their units' openings here. Everyone else is refused.
    """
    user = cast(User, request.user)
    may_open = is_person(user) and breakglass.eligible_units(user) != []
    if not may_open and not breakglass.awaiting_review_in_units_led_by(user).exists():
        raise PermissionDenied
    if request.method == "GET":
        return _page(request, BreakGlassForm())
    if not may_open:
        raise PermissionDenied
    form = BreakGlassForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    ip_address = lockout.client_ip(request)
    if not totp_reauthenticate(user=user, code=form.cleaned_data["code"]):
        now_locked = lockout.count_failure(request, user.get_username())
        record_event(
            kind="reauthentication.failure",
            actor=user,
            ip_address=ip_address,
            details={"lockout_started": now_locked, "step": "break-glass"},
        )
        if now_locked:
            record_event(
                kind="login.locked_out",
                actor=user,
                ip_address=ip_address,
                details={"step": "break-glass"},
            )
            auth_logout(request)
            return HttpResponseRedirect(reverse("accounts:login"))
        form.add_error("code", _("That code did not work. Wait for a new code and try again."))
        return _page(request, form, status=400)
    reauth.mark_reauthenticated(request)
    try:
        opened = breakglass.open_record(
            actor=user,
            label=form.cleaned_data["record_type"],
            object_id=form.cleaned_data["record_id"],
            reason=form.cleaned_data["reason"],
            ip_address=ip_address,
        )
    except ValidationError as exc:
        form.add_error("reason", exc)
        return _page(request, form, status=400)
    if opened is None:
        # The same words whether the record is missing, not restricted or not yours.
        messages.error(
            request,
            _(
                "Nothing was opened with that reference. Check the kind and number with the "
                "person who gave them to you. The attempt is in the security log."
            ),
        )
        return _page(request, BreakGlassForm(), status=400)
    opening, record = opened
    messages.warning(
        request,
        _("The record is open to you until %(until)s. Your unit lead and the auditors see this.")
        % {"until": formats.date_format(timezone.localtime(opening.expires_at), "DATETIME_FORMAT")},
    )
    return HttpResponseRedirect(breakglass.record_url(record) or reverse("core:home"))
