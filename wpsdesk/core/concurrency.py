"""Optimistic concurrency: two people edit the same record, nothing is lost.

Every record people edit carries a ``version`` (:class:`Versioned`), raised by one on
every save. A page or an API client reads the version with the record and sends it back
with its change; the service that writes calls :func:`ensure_current` first, which locks
the row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already
hold the write lock) and refuses the change with :class:`StaleEdit` when someone else saved
in between. The check and the write are in one transaction, so two saves from the same
version cannot both pass.

A refused page keeps the person's own input in the form and says who changed what since
(:func:`changes_since`, read from the record's history); a refused API write is a 412.
See ``docs/concurrency.md`` for the pattern every app follows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models, transaction
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The name of the version in forms (a hidden input) and in API bodies.
VERSION_FIELD = "version"

#: Fields a change list leaves out: the version itself and bookkeeping times.
NOT_SHOWN = frozenset({"version", "updated_at", "answered_at", "id"})


class Versioned(models.Model):
    """Abstract base for every record two people can edit: a version raised on each save.

    ``save()`` raises the version by one (and writes it also when ``update_fields`` is
    given). Services that write a record call :func:`ensure_current` first, inside their
    transaction, so the version they raise is the one stored.
    """

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy(
            "Raised by one on every save; a change sent with an older one is refused."
        ),
    )

    #: Fields a machine writes as it works (a job's progress): saving only these is not an
    #: edit and leaves the version alone, so a person's open form does not go stale.
    unversioned_fields: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if (
            not self._state.adding
            and self.pk is not None
            and not (update_fields is not None and set(update_fields) <= self.unversioned_fields)
        ):
            self.version = (self.version or 0) + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, VERSION_FIELD}
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class FieldChange:
    """One field another person changed, with its label and the value it has now."""

    label: str
    value: str


@dataclass(frozen=True)
class Change:
    """One save by another person since the version the refused change was made from."""

    who: str
    when: dt.datetime | None
    fields: list[FieldChange] = field(default_factory=list)

    def describe(self) -> str:
        """The change in one plain sentence."""
        when = formats.date_format(self.when, "SHORT_DATETIME_FORMAT") if self.when else ""
        if self.fields:
            what = "; ".join(f"{c.label}: “{c.value}”" for c in self.fields)
        else:
            what = _("other parts of the record (counts, links or linked records)")
        return _("%(who)s saved a change at %(when)s — %(what)s") % {
            "who": self.who,
            "when": when,
            "what": what,
        }


class StaleEdit(Exception):
    """A change was made from an older version than the one stored: it is refused whole."""

    def __init__(self, record: models.Model, seen: int) -> None:
        self.record = record
        self.seen = seen
        self.current = int(getattr(record, VERSION_FIELD))
        super().__init__(f"{record._meta.label} {record.pk}: version {seen} is not {self.current}")

    @property
    def message(self) -> str:
        return _(
            "Someone else saved this %(record)s after you opened it, so your changes were not "
            "saved. What they changed is listed below; your own input is still in the form. "
            "Check it and save again to keep yours."
        ) % {"record": self.record._meta.verbose_name}

    def changes(self) -> list[Change]:
        """Who changed what since the version the person saw (from the record's history)."""
        return changes_since(self.record, self.seen)


def parse_version(raw: Any) -> int | None:
    """A version from a form value or an ``If-Match`` header (``"7"``, ``W/"7"``, ``7``)."""
    text = str(raw or "").strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isdigit() or len(text) > 10:
        return None
    return int(text)


def ensure_current(record: models.Model, version: int | None) -> None:
    """Lock ``record``'s row and refuse with :class:`StaleEdit` if it is not at ``version``.

    Call it inside the writing service's ``transaction.atomic`` before any write. The
    record's own fields are reloaded from the locked row, so the service compares and
    writes against what is stored, not what a form or serializer copied onto the object.
    With ``version=None`` (imports, the command line, lead actions that set fields of their
    own) it only locks and reloads.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ensure_current() must run inside the writing transaction")
    model = type(record)
    stored = model._base_manager.select_for_update().get(pk=record.pk)
    if version is not None and getattr(stored, VERSION_FIELD) != version:
        raise StaleEdit(stored, version)
    for model_field in model._meta.concrete_fields:
        name = model_field.attname
        value = getattr(stored, name)
        if getattr(record, name) == value:
            continue
        setattr(record, name, value)
        if isinstance(model_field, models.ForeignKey) and model_field.is_cached(record):
            model_field.delete_cached_value(record)


def touch(record: models.Model) -> None:
    """Raise the version of a record whose parts (counts, links) changed but not its row."""
    names = {"version"}
    if any(f.name == "updated_at" for f in record._meta.concrete_fields):
        names.add("updated_at")
    record.save(update_fields=names)


def _display(record: Any, name: str) -> str:
    value = getattr(record, name)
    display = getattr(record, f"get_{name}_display", None)
    if callable(display):
        value = display()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime | dt.date):
        return formats.localize(value)
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def changes_since(record: models.Model, seen: int) -> list[Change]:
    """The saves after version ``seen``, oldest first, each with the fields it changed."""
    history = getattr(record, "history", None)
    if history is None:
        return []
    before = history.filter(version__lte=seen).order_by("-history_date", "-history_id").first()
    rows = list(
        history.filter(version__gt=seen)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    model = type(record)
    kept = {f.attname for f in history.model._meta.concrete_fields}  # history may leave some out
    shown = [
        f
        for f in model._meta.concrete_fields
        if f.name not in NOT_SHOWN and not f.primary_key and f.attname in kept
    ]
    changes: list[Change] = []
    previous = before
    for row in rows:
        fields: list[FieldChange] = []
        for model_field in shown:
            name = model_field.attname
            if previous is None or getattr(previous, name) == getattr(row, name):
                continue
            label = str(model_field.verbose_name)
            value = _display(row, model_field.name)
            fields.append(FieldChange(label=label[:1].upper() + label[1:], value=value))
        user = row.history_user
        who = (user.get_full_name() or user.get_username()) if user else _("Someone")
        changes.append(Change(who=who, when=row.history_date, fields=fields))
        previous = row
    return changes


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """A form for a versioned record: carries the version it was opened at, as a hidden input.

    The version is not one of the form's fields (templates that list every field would show
    it); ``core/_errors.html`` renders the hidden input for every form that has it. Pass
    ``version=`` for a plain form; a model form takes its instance's.
    """

    version_field_name = VERSION_FIELD

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk is not None:
            version = getattr(instance, VERSION_FIELD, None)
        self.opened_version = version
        self.stale_changes: list[Change] = []

    @property
    def version_input_name(self) -> str:
        return self.add_prefix(VERSION_FIELD)

    @property
    def version_value(self) -> str:
        """What the hidden input holds: the version posted, or the one the page was opened at."""
        if self.is_bound:
            return str(self.data.get(self.version_input_name, ""))
        return "" if self.opened_version is None else str(self.opened_version)

    @property
    def sent_version(self) -> int | None:
        """The version the change was made from (None on a form for a new record)."""
        return parse_version(self.data.get(self.version_input_name))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if self.opened_version is not None and self.sent_version is None:
            self.add_error(
                None,
                _("This form comes from an older page. Open the page again and redo your change."),
            )
        return data

    def refuse_stale(self, exc: StaleEdit) -> None:
        """Keep the person's input, show who changed what, and let a second save go through."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.version_input_name] = str(exc.current)
        self.data = data
        self.opened_version = exc.current
        self.stale_changes = exc.changes()
        self.add_error(None, exc.message)


__all__ = [
    "Change",
    "StaleEdit",
    "Versioned",
    "VersionedFormMixin",
    "changes_since",
    "ensure_current",
    "parse_version",
    "touch",
]
