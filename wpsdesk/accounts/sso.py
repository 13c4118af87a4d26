"""Single sign-on through the organisation's OpenID Connect provider.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE). On top of it:

* a person is matched by the ``email`` claim to one existing, active account, and only if
  the provider says it verified the address (``email_verified`` is true, not merely
  absent); an account is created only when ``OIDC_CREATE_USER`` is on;
* the ID token must be for us (``aud``) and from the configured issuer (``iss``);
* the provider's own second factor counts only if the ID token's ``amr`` names a method
  in ``OIDC_TRUSTED_AMR``; otherwise the person still gives our TOTP code;
* every outcome is in the security log, and failures count toward lockout by address.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from requests import RequestException

from wpsdesk.accounts.gate import SSO_MFA_SESSION_KEY, person_is_verified
from wpsdesk.accounts.lockout import client_ip, is_locked
from wpsdesk.audit.services import record_event

logger = logging.getLogger(__name__)

# Why the last single sign-on attempt on this request was refused (for the security log).
REFUSAL_ATTRIBUTE = "wpsdesk_sso_refusal"


def trusted_amr(payload: dict[str, Any]) -> bool:
    """Whether the ID token says the provider used a second factor we trust."""
    amr = payload.get("amr") or []
    methods = {amr} if isinstance(amr, str) else {str(method) for method in amr}
    return bool(methods & set(settings.OIDC_TRUSTED_AMR))


def _audience(payload: dict[str, Any]) -> set[str]:
    aud = payload.get("aud")
    if isinstance(aud, str):
        return {aud}
    return {str(value) for value in aud or []}


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    """Match the provider's person to one of our accounts by e-mail address."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only our callback passes a nonce: a password log-in never reaches the provider,
        # even if someone adds ?code=…&state=… to the log-in form's address.
        if request is None or not settings.SSO_ENABLED or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        """The session's person, unless they have been disabled since."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _refuse(self, reason: str) -> None:
        setattr(self.request, REFUSAL_ATTRIBUTE, reason)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        if self.OIDC_RP_CLIENT_ID not in _audience(payload):
            raise SuspiciousOperation("The ID token is not for this client.")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("The ID token is from another issuer.")

        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user info is about someone else.")
        email = str(claims.get("email") or "").strip()
        # Only an address the provider says it has verified names one of our people: a
        # provider that leaves the claim out may let anyone type any address.
        if not email or claims.get("email_verified") is not True:
            self._refuse("no_verified_email")
            return None

        matches = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            self._refuse("several_accounts")
            return None
        if matches:
            user = matches[0]
            if not self.user_can_authenticate(user):
                self._refuse("account_disabled")
                return None
        elif settings.OIDC_CREATE_USER:
            user = self.create_user(claims)
        else:
            self._refuse("no_account")
            return None
        user.wpsdesk_sso_mfa = trusted_amr(payload)
        return user

    def create_user(self, claims: dict[str, Any]) -> Any:
        """A new account with no password: it can be used through single sign-on only."""
        user = self.UserModel.objects.create_user(
            self.get_username(claims), email=claims.get("email", "")
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user


class OrganisationLoginView(OIDCAuthenticationRequestView):
    """Send the person to the provider (or back to our log-in if SSO is not set up)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.SSO_ENABLED:
            messages.info(request, _("Log-in with an organisation account is not set up here."))
            return HttpResponseRedirect(reverse("accounts:login"))
        response: HttpResponse = super().get(request)
        return response


class OrganisationCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code; we finish or refuse."""

    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.SSO_ENABLED:
            return HttpResponseRedirect(reverse("accounts:login"))
        self.locked_before = is_locked(request, None)
        try:
            response: HttpResponse = super().get(request)
        except (RequestException, SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError) as exc:
            # A replayed or forged callback, a provider that is down, a bad token:
            # all end in the same clean refusal, with the reason in the server log.
            logger.warning("Single sign-on refused: %s", exc.__class__.__name__)
            setattr(request, REFUSAL_ATTRIBUTE, "invalid_response")
            return self.login_failure()
        return response

    def login_success(self) -> HttpResponse:
        request = self.request
        super().login_success()  # logs in (new session key) unless already this person
        mfa = bool(getattr(self.user, "wpsdesk_sso_mfa", False))
        request.session[SSO_MFA_SESSION_KEY] = mfa
        record_event(
            kind="sso.login",
            actor=self.user,
            ip_address=client_ip(request),
            details={"second_factor_by_provider": mfa},
        )
        if person_is_verified(request):
            return HttpResponseRedirect(self.success_url)
        target = reverse("accounts:second_factor")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': self.success_url})}")

    def login_failure(self) -> HttpResponse:
        request = self.request
        reason = getattr(request, REFUSAL_ATTRIBUTE, "") or (
            "provider_error" if request.GET.get("error") else "not_authenticated"
        )
        if getattr(self, "locked_before", False):
            record_event(
                kind="login.locked_out",
                ip_address=client_ip(request),
                details={"step": "sso"},
            )
        else:
            record_event(
                kind="login.failure",
                ip_address=client_ip(request),
                details={
                    "step": "sso",
                    "reason": reason,
                    "lockout_started": bool(getattr(request, "axes_locked_out", False)),
                },
            )
        messages.error(
            request,
            _(
                "We could not log you in with your organisation account. If this keeps "
                "happening, ask an administrator to check that your wpsdesk account has the "
                "same e-mail address as your organisation account."
            ),
        )
        return HttpResponseRedirect(self.failure_url)
