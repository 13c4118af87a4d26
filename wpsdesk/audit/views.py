"""The security log for auditors: newest first, filtered, paged, and whether the chain holds.

Auditors also answer "who has read record X" (``record=planning.workplan#12``) and "what
has person Y read" (``actor=y&kind=restricted.read``) here, and review break-glass
openings, which stay listed until one of them is marked reviewed.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wpsdesk.accounts.lockout import client_ip
from wpsdesk.organisation import breakglass
from wpsdesk.organisation.models import BreakGlass
from wpsdesk.organisation.policy import may_audit

from .checkpoints import verify_with_local_checkpoints
from .models import SecurityEvent

RECORD_REFERENCE = re.compile(r"^\s*([a-z_][a-z0-9_]*\.[a-z0-9_]+)\s*#?\s*(\d{1,19})\s*$")


class EventFilter(forms.Form):
    kind = forms.CharField(
        label=gettext_lazy("Kind starts with"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    actor = forms.CharField(
        label=gettext_lazy("Person (user name)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    record = forms.RegexField(
        label=gettext_lazy("Record (e.g. planning.workplan#12)"),
        required=False,
        regex=RECORD_REFERENCE,
        max_length=120,
        error_messages={"invalid": gettext_lazy("Give the record as app.model#number.")},
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    since = forms.DateField(
        label=gettext_lazy("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )
    until = forms.DateField(
        label=gettext_lazy("To date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )


def _about_record(reference: str) -> Q:
    """Events about the record: pointing at it, or naming it among the records read."""
    match = RECORD_REFERENCE.match(reference.lower())
    if match is None:
        return Q(pk__in=[])
    label, number = match.group(1), str(int(match.group(2)))
    return Q(target_type=label, target_id=number) | Q(
        details__records__icontains=f'"{label}#{number}"'
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
        if data["record"]:
            events = events.filter(_about_record(data["record"]))
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
        {
            "form": form,
            "page": page,
            "problems": problems,
            "query": query.urlencode(),
            "openings": breakglass.awaiting_review()[:100],
        },
    )


@require_POST
def break_glass_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    """An auditor marks a break-glass opening reviewed."""
    if not may_audit(request.user):
        raise PermissionDenied
    opening = BreakGlass.objects.filter(pk=pk).first()
    if opening is None:
        raise Http404
    breakglass.review(
        actor=request.user,  # type: ignore[arg-type]
        opening=opening,
        note=request.POST.get("note", "")[:300],
        ip_address=client_ip(request),
    )
    messages.success(request, _("The opening is marked reviewed."))
    return redirect("audit:events")
