"""Pages of the WPS calendar: the month and list views, units' events, global events,
reminders, and the feed address with the feed itself.

Entries reach the pages only through :func:`selectors.calendar_entries`, which asks every
source for what the person may see; one unit event through ``get_visible_or_404``; writes
through the services, which check again.
"""

from __future__ import annotations

import calendar as monthcal
import contextlib
import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_create_in, may_edit

from . import feed, reminders, selectors, services, sources
from .forms import CalendarFilterForm, GlobalEventForm, ReminderForm, UnitEventForm
from .models import GlobalEvent, Reminder, UnitEvent

#: The list view shows this many days from its start.
LIST_DAYS = 366


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _filters(request: HttpRequest) -> tuple[CalendarFilterForm, selectors.CalendarFilters]:
    """The GET filters of both views; bad filters narrow nothing."""
    form = CalendarFilterForm(request.GET or None, units=selectors.filter_units(user=request.user))
    filters = selectors.CalendarFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CalendarFilters.from_cleaned(form.cleaned_data)
    return form, filters


def _filter_query(request: HttpRequest, *drop: str) -> str:
    return urlencode(
        [(k, str(v)) for k, v in request.GET.items() if k not in {"page", *drop} and v]
    )


def _units_for_adding(request: HttpRequest) -> list[Unit]:
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


def _month_of(raw: str | None, today: dt.date) -> dt.date:
    """The first day of the month asked for (``2026-10``), else of this month."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _reminder_url(entry: sources.Entry) -> str:
    query = {"kind": entry.kind, "key": entry.key, "date": entry.date.isoformat()}
    return reverse("calendar:reminder_set") + "?" + urlencode(query)


def _rows(entries: list[sources.Entry]) -> list[dict[str, Any]]:
    return [
        {
            "entry": entry,
            "kind_label": sources.kind_of(entry.kind).label,
            "remind_url": _reminder_url(entry) if entry.key else "",
        }
        for entry in entries
    ]


@require_GET
def month_view(request: HttpRequest) -> HttpResponse:
    """One month as a grid of weeks, with what the person may see on each day."""
    today = timezone.localdate()
    first = _month_of(request.GET.get("month"), today)
    weeks = monthcal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    form, filters = _filters(request)
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    for row in _rows(
        selectors.calendar_entries(user=request.user, start=start, end=end, filters=filters)
    ):
        by_day.setdefault(row["entry"].date, []).append(row)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    query = _filter_query(request, "month")
    return render(
        request,
        "calendar/month.html",
        {
            "form": form,
            "first": first,
            "today": today,
            "weekdays": [monthcal.day_name[i] for i in range(7)],
            "weeks": [
                [{"day": day, "rows": by_day.get(day, [])} for day in week] for week in weeks
            ],
            "previous": previous,
            "following": following,
            "query": query,
            "may_add": bool(_units_for_adding(request)),
        },
    )


@require_GET
def list_view(request: HttpRequest) -> HttpResponse:
    """The entries from a day on (today by default), a year ahead, 25 to a page."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start") or "")
    except ValueError:
        start = today
    form, filters = _filters(request)
    entries = selectors.calendar_entries(
        user=request.user,
        start=start,
        end=start + dt.timedelta(days=LIST_DAYS),
        filters=filters,
    )
    page = page_of(_rows(entries), request.GET.get("page"))
    return render(
        request,
        "calendar/list.html",
        {
            "form": form,
            "page": page,
            "start": start,
            "query": _filter_query(request),
            "may_add": bool(_units_for_adding(request)),
        },
    )


# --- units' events -------------------------------------------------------------------------


def _event_or_404(request: HttpRequest, pk: int) -> UnitEvent:
    return get_visible_or_404(selectors.unit_event_detail_queryset(), user=request.user, pk=pk)


def _event_form_page(
    request: HttpRequest, form: UnitEventForm, event: UnitEvent | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "calendar/event_form.html", {"form": form, "event": event}, status=status
    )


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    """Add an event to the calendar of one of the person's units."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    if request.method == "POST":
        form = UnitEventForm(request.POST, units=units, default_unit=unit)
        if form.is_valid():
            try:
                event, _changed = services.event_save(
                    actor=_person(request), unit=form.cleaned_data["unit"], values=form.values()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The event was added."))
                return redirect(event)
        return _event_form_page(request, form, None, status=400)
    initial: dict[str, Any] = {}
    with contextlib.suppress(ValueError):
        initial["date"] = dt.date.fromisoformat(request.GET.get("date") or "")
    return _event_form_page(
        request, UnitEventForm(units=units, default_unit=unit, initial=initial), None
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit event."""
    event = _event_or_404(request, pk)
    return render(
        request,
        "calendar/event_detail.html",
        {
            "event": event,
            "editable": may_edit(request.user, event),
            "remind_url": reverse("calendar:reminder_set")
            + "?"
            + urlencode(
                {
                    "kind": selectors.UNIT_KIND,
                    "key": f"calendar.event:{event.pk}",
                    "date": event.date.isoformat(),
                }
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a unit event; a change made after someone else saved is refused (409)."""
    event = _event_or_404(request, pk)
    if not may_edit(request.user, event):
        raise PermissionDenied
    units = [event.unit]
    if request.method == "POST":
        form = UnitEventForm(request.POST, instance=event, units=units)
        if form.is_valid():
            try:
                services.event_save(
                    actor=_person(request),
                    event=event,
                    values=form.values(),
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _event_form_page(request, form, event, status=409)
            except PermissionDenied as exc:
                form.add_error("classification", str(exc) or _("You may not do this."))
                return _event_form_page(request, form, event, status=403)
            else:
                messages.success(request, _("The event was saved."))
                return redirect(event)
        return _event_form_page(request, form, event, status=400)
    return _event_form_page(request, UnitEventForm(instance=event, units=units), event)


@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; then delete the event (recorded in the security log)."""
    event = _event_or_404(request, pk)
    if not may_edit(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        title = event.title
        services.event_delete(actor=_person(request), event=event)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("calendar:month")
    return render(request, "calendar/event_delete.html", {"event": event})


# --- global events -------------------------------------------------------------------------


@require_GET
def global_list(request: HttpRequest) -> HttpResponse:
    """The recurring global events and their rules; HQ coordinators may change them."""
    return render(
        request,
        "calendar/global_list.html",
        {
            "events": list(selectors.global_events()),
            "may_keep": services.may_keep_global_events(request.user),
        },
    )


def _global_form_page(
    request: HttpRequest, form: GlobalEventForm, event: GlobalEvent | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "calendar/global_form.html", {"form": form, "event": event}, status=status
    )


@require_http_methods(["GET", "POST"])
def global_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or change a global event (HQ coordinators)."""
    if not services.may_keep_global_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(GlobalEvent, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = GlobalEventForm(request.POST, instance=event)
        if form.is_valid():
            try:
                services.global_event_save(
                    actor=_person(request),
                    event=event,
                    values=form.values(),
                    dates=form.cleaned_data["dates_text"],
                    version=form.sent_version if event is not None else None,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _global_form_page(request, form, event, status=409)
            else:
                messages.success(request, _("The global event was saved."))
                return redirect("calendar:global_list")
        return _global_form_page(request, form, event, status=400)
    return _global_form_page(request, GlobalEventForm(instance=event), event)


@require_http_methods(["GET", "POST"])
def global_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; then delete a global event (HQ coordinators; recorded)."""
    if not services.may_keep_global_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(GlobalEvent, pk=pk)
    if request.method == "POST":
        services.global_event_delete(actor=_person(request), event=event)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": event.name})
        return redirect("calendar:global_list")
    return render(request, "calendar/global_delete.html", {"event": event})


# --- reminders -----------------------------------------------------------------------------


@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    """The person's reminders, and a reminder for each kind of date with its default."""
    mine = list(selectors.reminders_of(user=request.user))
    by_kind = {r.kind: r for r in mine if not r.entry_key}
    kinds = [{"kind": kind, "reminder": by_kind.get(kind.code)} for kind in sources.kinds()]
    return render(
        request,
        "calendar/reminders.html",
        {
            "entry_reminders": [r for r in mine if r.entry_key],
            "kinds": kinds,
            "labels": {kind.code: kind.label for kind in sources.kinds()},
        },
    )


def _entry_for(request: HttpRequest, kind: str, key: str, raw_date: str) -> sources.Entry:
    """The entry a reminder link names, as the person may see it on that day; else 404."""
    try:
        day = dt.date.fromisoformat(raw_date)
    except ValueError:
        raise Http404 from None
    for entry in selectors.calendar_entries(user=request.user, start=day, end=day):
        if entry.kind == kind and entry.key == key:
            return entry
    raise Http404


@require_http_methods(["GET", "POST"])
def reminder_set(request: HttpRequest) -> HttpResponse:
    """Set "remind me N days before" for one entry (``key``) or a kind of dates."""
    data = request.POST if request.method == "POST" else request.GET
    kind_code = data.get("kind") or ""
    key = data.get("key") or data.get("entry_key") or ""
    entry = _entry_for(request, kind_code, key, data.get("date") or "") if key else None
    kind = sources.kind_of(kind_code)
    existing = (
        selectors.reminders_of(user=request.user).filter(kind=kind_code, entry_key=key).first()
    )
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            try:
                services.reminder_set(
                    actor=_person(request),
                    kind=form.cleaned_data["kind"],
                    entry_key=key,
                    entry_title=reminders.safe_title(entry) if entry else "",
                    days_before=form.cleaned_data["days_before"],
                )
            except ValidationError as exc:
                form.add_error("days_before", exc)
            else:
                messages.success(request, _("Your reminder was set."))
                return redirect("calendar:reminders")
        status = 400
    else:
        form = ReminderForm(
            initial={
                "kind": kind_code,
                "entry_key": key,
                "days_before": existing.days_before if existing else kind.default_days,
            }
        )
        status = 200
    return render(
        request,
        "calendar/reminder_form.html",
        {
            "form": form,
            "entry": entry,
            "kind": kind,
            "existing": existing,
            "date": data.get("date") or "",
        },
        status=status,
    )


@require_POST
def reminder_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of the person's own reminders (anyone else's is 404)."""
    reminder = get_object_or_404(Reminder, pk=pk, user_id=request.user.pk)
    services.reminder_remove(actor=_person(request), reminder=reminder)
    messages.success(request, _("The reminder was removed."))
    return redirect("calendar:reminders")


# --- the feed ------------------------------------------------------------------------------


def _feed_address(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar:feed", args=[token]))


@never_cache
@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The person's feed address: whether there is one, making a new one and revoking it.

    A new address is shown on the page that makes it, once; only its hash is kept.
    """
    token = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "make" and request.POST.get("confirm") == "yes":
            token = services.feed_make(actor=_person(request))
        elif action == "revoke" and request.POST.get("confirm") == "yes":
            if services.feed_revoke(actor=_person(request)):
                messages.success(request, _("Your calendar address was revoked."))
            return redirect("calendar:feed_settings")
        elif action in {"make", "revoke"}:
            return render(
                request,
                "calendar/feed_confirm.html",
                {"action": action, "current": selectors.feed_of(user=request.user)},
            )
        else:
            return HttpResponse(status=400)
    return render(
        request,
        "calendar/feed_settings.html",
        {
            "current": selectors.feed_of(user=request.user),
            "address": _feed_address(request, token) if token else "",
        },
    )


@never_cache
@require_GET
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar as iCalendar, opened by the secret address alone (no session).

    An unknown or revoked token is a plain 404. The token never reaches a log line (see
    :mod:`wpsdesk.calendar.logfilter`).
    """
    person = feed.person_for(token)
    if person is None:
        raise Http404
    body = feed.calendar_for(person, timezone.localdate(), request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wps-calendar.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
