"""Forms of the log-in, the second factor and the "Your account" page."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# One message for every refused log-in: wrong password, unknown user and lockout alike,
# so that the page never tells whether an account exists or is locked.
LOGIN_REFUSED = _(
    "We could not log you in with that username and password. Check both and try again. "
    "After several failed attempts, logging in is paused for a while."
)


class LoginForm(AuthenticationForm):
    """Username and password, with one plain message for every refusal."""

    error_messages = {
        "invalid_login": LOGIN_REFUSED,
        "inactive": LOGIN_REFUSED,
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        for field in self.fields.values():
            field.error_messages["required"] = _("Enter your %(field)s.") % {
                "field": str(field.label).lower()
            }


_SEPARATORS = re.compile(r"[\s\-]")
TOTP_PATTERN = re.compile(r"^\d{6}$")
RECOVERY_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def normalise_code(raw: str) -> str:
    """A code as typed, without spaces or hyphens, in lower case."""
    return _SEPARATORS.sub("", raw).lower()


class CodeInput(forms.TextInput):
    """A one-time code: in a fixed-width font, and never written back into the page."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "accounts-code-input", **(attrs or {})})

    def format_value(self, value: Any) -> None:
        # A code that was refused is typed again, not shown again.
        return None


class SecondFactorForm(forms.Form):
    """The six-digit code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=CodeInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (TOTP_PATTERN.match(code) or RECOVERY_PATTERN.match(code)):
            raise ValidationError(
                _(
                    "Enter the 6 digits from your authenticator app, or a recovery code "
                    "of 8 letters and digits."
                ),
                code="format",
            )
        return code


class TotpCodeForm(forms.Form):
    """A six-digit code from the authenticator app (enrolment and re-authentication)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        help_text=_("6 digits. A new code appears every 30 seconds."),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not TOTP_PATTERN.match(code):
            raise ValidationError(_("The code is 6 digits, for example 123456."), code="format")
        return code


class PasswordSetForm(forms.Form):
    """The one-time code from the administrators and the person's own new password."""

    code = forms.CharField(
        label=_("One-time code"),
        max_length=100,
        help_text=_("The code the administrator gave you after your reset was approved."),
        widget=CodeInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords differ."))
        return cleaned
