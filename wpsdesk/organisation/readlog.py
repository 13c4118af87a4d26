"""Every read of restricted content written to the security log, once per request.

The policy layer marks the querysets :func:`~wpsdesk.organisation.policy.visible_to`
returns: when one of them is evaluated into records, the restricted and strictly
restricted ones are noted in a collector that lives for one request (or one command).
When the request ends, :func:`log_restricted_reads` writes ONE ``restricted.read`` event
naming every record noted (``"planning.workplan#12"``), with the person and the client
address. List pages, search, fragments, API lists, exports and detail pages are all
covered by the same two pieces, without a line in their views.

Outside a request (a command, a test calling a service) nothing is collected and
:func:`~wpsdesk.organisation.policy.get_visible_or_404` writes its event at once, as
before; commands that export content wrap their work in :func:`collecting`.

What is noted: model instances. A view that turns a visible queryset into ``values()``
rows gives up the classification and is not noted; content pages list records.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.db import models
from django.db.models.query import ModelIterable
from django.http import HttpRequest, HttpResponse

from .models import Classification

P = ParamSpec("P")
R = TypeVar("R")

#: Records named in one event at most; a longer export writes one event per this many.
RECORDS_PER_EVENT = 500
#: Name of the annotation that carries a parent's classification into child records.
CLASSIFICATION_ANNOTATION = "_wpsdesk_classification"
_RANK = {
    Classification.INTERNAL: 0,
    Classification.RESTRICTED: 1,
    Classification.STRICTLY_RESTRICTED: 2,
}


@dataclass
class ReadLog:
    """The restricted records one request (or command) has read, in the order read."""

    ip_address: str = ""
    actor: Any = None
    records: dict[str, str] = field(default_factory=dict)  # "label#pk" -> classification
    targets: dict[str, models.Model] = field(default_factory=dict)

    def note(self, actor: Any, record: models.Model, classification: str) -> None:
        """Remember one restricted record the person was given."""
        if self.actor is None and actor is not None and getattr(actor, "pk", None):
            self.actor = actor
        key = f"{record._meta.label_lower}#{record.pk}"
        if key not in self.records:
            self.records[key] = classification
            if len(self.targets) < 2:
                self.targets[key] = record


_current: ContextVar[ReadLog | None] = ContextVar("wpsdesk_read_log", default=None)


def current() -> ReadLog | None:
    """The collector of the current request or command; None outside one."""
    return _current.get()


def note(actor: Any, record: models.Model, classification: Any) -> bool:
    """Note a read if a collector is active; whether it was (the caller logs otherwise)."""
    collector = _current.get()
    if collector is None:
        return False
    if classification and classification != Classification.INTERNAL:
        collector.note(actor, record, str(classification))
    return True


def note_value(reader: Any, model: type[models.Model], pk: Any, classification: Any) -> None:
    """Note a record read as plain values rather than as a record (a large export).

    The same as :func:`note` for a record of ``model`` with ``pk``; nothing is built for
    an internal record or when no collector is active.
    """
    if classification and classification != Classification.INTERNAL and _current.get():
        note(reader, model(pk=pk), classification)


def reader_of(queryset: models.QuerySet[Any]) -> Any:
    """The person a queryset from :func:`mark` was made for; None for an unmarked one."""
    return getattr(queryset, "_wpsdesk_reader", None)


def flush(collector: ReadLog) -> None:
    """Write the collector's reads as one event (one per ``RECORDS_PER_EVENT`` records)."""
    if not collector.records:
        return
    from wpsdesk.audit.services import record_event

    keys = list(collector.records)
    for start in range(0, len(keys), RECORDS_PER_EVENT):
        chunk = keys[start : start + RECORDS_PER_EVENT]
        highest = max(
            (collector.records[k] for k in chunk), key=lambda c: _RANK.get(Classification(c), 0)
        )
        record_event(
            kind="restricted.read",
            actor=collector.actor,
            ip_address=collector.ip_address,
            # One record read: the event points at it, as detail pages always did.
            target=collector.targets.get(chunk[0]) if len(keys) == 1 else None,
            details={"classification": highest, "count": len(chunk), "records": chunk},
        )
    collector.records.clear()
    collector.targets.clear()


@contextlib.contextmanager
def collecting(*, ip_address: str = "", actor: Any = None) -> Iterator[ReadLog]:
    """Collect restricted reads for the block and log them once at its end."""
    collector = ReadLog(ip_address=ip_address, actor=actor)
    token = _current.set(collector)
    try:
        yield collector
    finally:
        _current.reset(token)
    flush(collector)


def logs_restricted_reads(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator for commands and jobs: the restricted records they read are logged once."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collecting():
            return func(*args, **kwargs)

    return wrapper


def log_restricted_reads(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: one ``restricted.read`` event per request that showed restricted records.

    Pages, fragments and the API all pass through here; the event is written after the
    response is made and before it is sent, so a failure to log is a failed response.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        from wpsdesk.accounts.lockout import client_ip

        with collecting(ip_address=client_ip(request)):
            return get_response(request)

    return middleware


# --- the marked querysets ------------------------------------------------------------


def _classification_of(record: models.Model, path: str) -> Any:
    """The record's classification without a query: its own field, the annotation the
    marked queryset added, or a parent already loaded; None if none of these is at hand."""
    if "__" not in path:
        return record.__dict__.get(path)
    if CLASSIFICATION_ANNOTATION in record.__dict__:
        return record.__dict__[CLASSIFICATION_ANNOTATION]
    value: Any = record
    for step in path.split("__")[:-1]:
        cached = value._state.fields_cache.get(step, _MISSING) if value is not None else None
        if cached is _MISSING:
            return None
        value = cached
    return value.__dict__.get(path.split("__")[-1]) if value is not None else None


_MISSING = object()


class NotingQuerySetMixin:
    """Mixed into the class of a queryset :func:`mark` returns; survives chaining."""

    _wpsdesk_reader: Any = None
    _wpsdesk_class_path: str = "classification"

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._wpsdesk_reader = self._wpsdesk_reader
        clone._wpsdesk_class_path = self._wpsdesk_class_path
        return clone

    def _wpsdesk_prepare(self) -> bool:
        """Whether rows are records worth noting; adds the parent's classification column."""
        if _current.get() is None or self._iterable_class is not ModelIterable:  # type: ignore[attr-defined]
            return False
        query = self.query  # type: ignore[attr-defined]
        path = self._wpsdesk_class_path
        if (
            "__" in path
            and query.group_by is None
            and not query.combinator
            and CLASSIFICATION_ANNOTATION not in query.annotations
        ):
            # The visibility filter already joined the parent: one more column, no query.
            query.add_annotation(models.F(path), CLASSIFICATION_ANNOTATION, select=True)
        return True

    def _wpsdesk_note(self, rows: Any) -> None:
        path = self._wpsdesk_class_path
        for row in rows:
            if isinstance(row, models.Model):
                note(self._wpsdesk_reader, row, _classification_of(row, path))

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None  # type: ignore[attr-defined]
        noting = fresh and self._wpsdesk_prepare()
        super()._fetch_all()  # type: ignore[misc]
        if noting:
            self._wpsdesk_note(self._result_cache)  # type: ignore[attr-defined]

    def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Iterator[Any]:
        noting = self._wpsdesk_prepare()
        for row in super()._iterator(use_chunked_fetch, chunk_size):  # type: ignore[misc]
            if noting:
                self._wpsdesk_note([row])
            yield row


_classes: dict[type, type] = {}


def mark(queryset: models.QuerySet[Any], *, reader: Any, class_path: str) -> models.QuerySet[Any]:
    """The same queryset, whose evaluation into records notes the restricted ones read."""
    base = type(queryset)
    if issubclass(base, NotingQuerySetMixin):
        marked = queryset
    else:
        cls = _classes.get(base)
        if cls is None:
            cls = type(f"Noting{base.__name__}", (NotingQuerySetMixin, base), {})
            _classes[base] = cls
        marked = queryset._chain()  # type: ignore[attr-defined]
        marked.__class__ = cls
    marked._wpsdesk_reader = reader  # type: ignore[attr-defined]
    marked._wpsdesk_class_path = class_path  # type: ignore[attr-defined]
    return marked
