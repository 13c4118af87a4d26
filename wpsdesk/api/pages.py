"""The web page where a person makes, sees and revokes their own API tokens.

It lives under ``/api/`` and answers like the rest of it: no redirects to log-in, a 403
for anyone who is not a verified person. Making a token needs a session past the second
factor; a token cannot make another token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wpsdesk.accounts.gate import person_is_verified
from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.organisation.models import User

from .forms import TokenCreateForm
from .selectors import api_token_list_of, api_token_of
from .services import api_token_create, api_token_revoke

View = Callable[..., HttpResponse]


def verified_person_required(view: View) -> View:
    """Only a person past the second factor; everyone else gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not person_is_verified(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
@verified_person_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List the person's tokens and make a new one; the new token is shown this once.

    Making one asks for a current code first (re-authentication): a token outlives the
    session, so a session left open must not be enough to mint one.
    """
    if request.method == "POST":
        return require_reauthentication(_token_page)(request)
    return _token_page(request)


def _token_page(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    new_token_text = None
    new_token = None
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new_token, new_token_text = api_token_create(
                owner=person,
                name=form.cleaned_data["name"],
                scopes=form.scopes(),
                lifetime=form.lifetime(),
                actor=person,
                ip_address=_client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenCreateForm()
    context = {
        "form": form,
        "tokens": api_token_list_of(owner=person),
        "new_token": new_token,
        "new_token_text": new_token_text,
    }
    return render(request, "api/tokens.html", context)


@require_POST
@verified_person_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the person's own tokens; another person's token is 404."""
    person: User = request.user  # type: ignore[assignment]
    token = api_token_of(owner=person, pk=pk)
    if token is None:
        raise Http404
    names = {"name": token.name}
    if api_token_revoke(token=token, actor=person, ip_address=_client_ip(request)):
        messages.success(request, _("The token “%(name)s” is revoked.") % names)
    else:
        messages.info(request, _("The token “%(name)s” was revoked already.") % names)
    return HttpResponseRedirect(reverse("api:token_list"))
