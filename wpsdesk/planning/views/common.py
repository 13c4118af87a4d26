"""What the planning pages share: the acting person, paging, messages and htmx."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import User

PER_PAGE = 25
GET_POST = ["GET", "POST"]


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _paged(request: HttpRequest, rows: QuerySet[Any]) -> tuple[Page[Any], str]:
    """One page of ``rows`` and the query string of the filters without the page number."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _default_unit(request: HttpRequest, units: QuerySet[Any]) -> Any:
    """The unit the person works in if they may create there, else their first such unit."""
    here = current_unit(request)
    if here is not None and units.filter(pk=here.pk).exists():
        return here
    return units.first()


def _refuse_stale(form: Any, exc: StaleEdit) -> int:
    """Keep the person's input and show who changed what: the page's status code."""
    form.refuse_stale(exc)
    return 409


def _attachment(name: str) -> str:
    """A Content-Disposition header that keeps any file name intact (RFC 6266)."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _row_url(run_pk: int, item_pk: int) -> str:
    """A row of the run's page, with its section open (without JavaScript, too)."""
    return reverse("planning:checklist_run", args=[run_pk]) + f"?open={item_pk}#item-{item_pk}"
