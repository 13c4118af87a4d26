"""Norway's own representation: delegations and teams, envoys, nominations."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.catalogue.country_field import CountryField
from wpsdesk.core.concurrency import StaleEdit, VersionedFormMixin
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_create_in, may_edit, visible_to
from wpsdesk.processes.selectors import processes_to_choose

from . import selectors, services
from .forms import clean_country, limit_processes
from .models import Envoy, Gender, Nomination, Team, TeamRole


class TeamForm(VersionedFormMixin, forms.ModelForm):
    country = CountryField(required=False)

    class Meta:
        model = Team
        fields = ["name", "kind", "country", "forum", "process", "peace_process", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, processes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_processes(self, processes)
        stored = (
            {(m.role, m.gender): m.count for m in self.instance.composition.all()}
            if (self.instance.pk)
            else {}
        )
        for role, role_label in TeamRole.choices:
            for gender, gender_label in Gender.choices:
                name = f"c_{role}_{gender}"
                self.fields[name] = forms.IntegerField(
                    label=f"{role_label} – {gender_label}",
                    required=False,
                    min_value=0,
                    max_value=999,
                    initial=stored.get((role, gender)),
                    widget=forms.NumberInput(attrs={"class": "ds-input count-input"}),
                )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def composition(self) -> dict[tuple[str, str], int]:
        return {
            (role, gender): self.cleaned_data[f"c_{role}_{gender}"]
            for role in TeamRole.values
            for gender in Gender.values
            if self.cleaned_data.get(f"c_{role}_{gender}") is not None
        }

    def base_fields_bound(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields if name in self.fields]

    def grid(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(label), [self[f"c_{role}_{g}"] for g in Gender.values])
            for role, label in TeamRole.choices
        ]


class EnvoyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Envoy
        fields = ["post", "mandate", "gender", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }


class NominationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["post", "organisation", "gender", "nominated_on", "outcome", "decided_on"]
        widgets = {
            "nominated_on": forms.DateInput(attrs={"type": "date"}),
            "decided_on": forms.DateInput(attrs={"type": "date"}),
        }


RECORDS: dict[str, tuple[type[models.Model], type[EnvoyForm] | type[NominationForm]]] = {
    "envoy": (Envoy, EnvoyForm),
    "nomination": (Nomination, NominationForm),
}


def _writable_unit(request: HttpRequest) -> Unit:
    units = selectors.units_for_logging(user=request.user)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    return unit if unit in units else units[0]


@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    """Norway's teams with their composition, envoys and nominations the person may open."""
    teams = list(selectors.team_list_visible_to(user=request.user)[:100])
    rows = []
    for team in teams:
        by_gender = dict.fromkeys(Gender.values, 0)
        heads = []
        for member in team.composition.all():
            by_gender[member.gender] += member.count
            if member.role == TeamRole.HEAD and member.count:
                heads.append(member.get_gender_display())
        rows.append(
            {
                "team": team,
                "by_gender": [by_gender[g] for g in Gender.values],
                "total": sum(by_gender.values()),
                "heads": heads,
            }
        )
    envoys = visible_to(Envoy.objects.all(), user=request.user).select_related("unit")[:100]
    nominations = visible_to(Nomination.objects.all(), user=request.user).select_related("unit")[
        :100
    ]
    return render(
        request,
        "engagements/teams.html",
        {
            "rows": rows,
            "envoys": envoys,
            "nominations": nominations,
            "may_add": bool(selectors.units_for_logging(user=request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    team: Team | None = None
    if pk is not None:
        team = get_visible_or_404(
            Team.objects.prefetch_related("composition"), user=request.user, pk=pk
        )
        if not may_edit(request.user, team):
            raise PermissionDenied
        unit = team.unit
    else:
        unit = _writable_unit(request)
    form = TeamForm(
        request.POST or None, instance=team, processes=processes_to_choose(user=request.user)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {
                name: form.cleaned_data[name]
                for name in TeamForm.Meta.fields
                if name in form.fields
            }
            try:
                services.team_save(
                    actor=cast(User, request.user),
                    unit=unit,
                    values=values,
                    composition=form.composition(),
                    team=team,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The team was saved."))
                return redirect("engagements:teams")
    return render(
        request,
        "engagements/team_form.html",
        {"form": form, "team": team, "unit": unit},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Add or change an envoy or a nomination."""
    if kind not in RECORDS:
        raise Http404
    model, form_class = RECORDS[kind]
    record: Any = None
    if pk is not None:
        record = get_visible_or_404(model, user=request.user, pk=pk)
        if not may_edit(request.user, record):
            raise PermissionDenied
        unit = record.unit
    else:
        unit = _writable_unit(request)
        if not may_create_in(request.user, unit):
            raise PermissionDenied
    form = form_class(request.POST or None, instance=record)
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
            try:
                services.representation_save(
                    actor=cast(User, request.user),
                    unit=unit,
                    model=model,  # type: ignore[arg-type]
                    values=values,
                    record=record,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("Saved."))
                return redirect("engagements:teams")
    return render(
        request,
        "engagements/record_form.html",
        {"form": form, "record": record, "kind": kind, "title": model._meta.verbose_name},
        status=status,
    )
