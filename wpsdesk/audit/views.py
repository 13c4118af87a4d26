"""The security log for auditors: newest first, filtered, paged, and whether the chain holds."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wpsdesk.organisation.policy import may_audit

from .checkpoints import verify_with_local_checkpoints
from .models import SecurityEvent


class EventFilter(forms.Form):
    kind = forms.CharField(
        label=_("Kind starts with"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    actor = forms.CharField(
        label=_("Person (user name)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    since = forms.DateField(
        label=_("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )
    until = forms.DateField(
        label=_("To date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Auditors only; everyone else is refused."""
    if not may_audit(request.user):
        raise PermissionDenied
    form = EventFilter(request.GET or None)
    events = SecurityEvent.objects.order_by("-sequence")
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind__startswith=data["kind"])
        if data["actor"]:
            events = events.filter(actor_label=data["actor"])
        if data["since"]:
            events = events.filter(occurred_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(occurred_at__date__lte=data["until"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    problems = list(verify_with_local_checkpoints()) if request.GET.get("verify") == "1" else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "problems": problems, "query": query.urlencode()},
    )
