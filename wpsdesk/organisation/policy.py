"""The policy layer: the one way in to protected data.

Every view, API endpoint, search, export and report gets its querysets from
:func:`visible_to` and asks :func:`may_edit` / :func:`may_create_in` before a write.
Rules (see ``docs/access-control.md``):

* people see records of the units they are current members of;
* ``restricted`` records only with the membership's restricted clearance;
* ``strictly restricted`` records only through an explicit :class:`AccessGrant`;
* HQ coordinators also see ``internal`` records of every unit;
* administrators and auditors get no content by their capability.

Every function here fails closed: an unexpected error denies.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast
from django.http import Http404

from . import breakglass, readlog
from .models import (
    ROLE_RANK,
    AccessGrant,
    BreakGlass,
    Classification,
    Membership,
    Role,
    Unit,
    User,
)

log = logging.getLogger(__name__)

P = ParamSpec("P")
M = TypeVar("M", bound=models.Model)

AnyUser = User | AnonymousUser

#: Row kinds of the one query that reads a person's memberships and grants together.
_MEMBERSHIP_ROW = 0
_GRANT_ROW = 1
_OPENING_ROW = 2


@dataclass(frozen=True)
class UnitAccess:
    """What one person may do in one unit today."""

    unit_id: int
    role: str
    restricted_clearance: bool
    #: Designated by the unit lead to handle the unit's SEAH reports (``wpsdesk.seah``).
    seah_handler: bool = False

    def at_least(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


def _fail_closed(denied: Any) -> Callable[[Callable[P, Any]], Callable[P, Any]]:
    """Turn any unexpected exception in a check into a denial (and a log line)."""

    def decorate(func: Callable[P, Any]) -> Callable[P, Any]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                return func(*args, **kwargs)
            except Http404:
                raise
            except Exception:
                log.exception("policy check %s failed; denying", func.__name__)
                return denied() if callable(denied) else denied

        return wrapper

    return decorate


def is_person(user: AnyUser | None) -> bool:
    """A logged-in, active person."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def unit_access(user: AnyUser | None) -> dict[int, UnitAccess]:
    """The person's current unit roles, keyed by unit id; cached on the user object.

    The same query reads the person's grants in force (see :func:`granted_object_ids`), so
    the policy layer costs one query per person and request, grants or none.
    """
    if not is_person(user):
        return {}
    user = cast(User, user)
    cached: dict[int, UnitAccess] | None = getattr(user, "_wpsdesk_unit_access", None)
    if cached is not None:
        return cached
    access: dict[int, UnitAccess] = {}
    grants: dict[int, list[int]] = {}
    memberships = (
        Membership.objects.current()
        .filter(user=user)
        .annotate(row_kind=Value(_MEMBERSHIP_ROW))
        .values_list("row_kind", "unit_id", "role", "restricted_clearance", "seah_handler")
        .order_by()
    )
    grant_rows = (
        _grants_in_force(user)
        .annotate(
            row_kind=Value(_GRANT_ROW),
            object_key=Cast("object_id", models.CharField(max_length=20)),
            unused=Value(False),
            unused_too=Value(False),
        )
        .values_list("row_kind", "content_type_id", "object_key", "unused", "unused_too")
        .order_by()
    )
    opening_rows = (
        BreakGlass.objects.in_force()
        .filter(user=user)
        .annotate(
            row_kind=Value(_OPENING_ROW),
            object_key=Cast("object_id", models.CharField(max_length=20)),
            unused=Value(False),
            unused_too=Value(False),
        )
        .values_list("row_kind", "content_type_id", "object_key", "unused", "unused_too")
        .order_by()
    )
    openings: dict[int, list[int]] = {}
    for row_kind, key, role, clearance, handler in memberships.union(
        grant_rows, opening_rows, all=True
    ):
        if row_kind == _GRANT_ROW:
            grants.setdefault(key, []).append(int(role))
            continue
        if row_kind == _OPENING_ROW:
            openings.setdefault(key, []).append(int(role))
            continue
        unit_id = key
        previous = access.get(unit_id)
        handles = bool(handler) or bool(previous and previous.seah_handler)
        if previous is None or ROLE_RANK[Role(role)] > ROLE_RANK[Role(previous.role)]:
            access[unit_id] = UnitAccess(
                unit_id,
                role,
                clearance or bool(previous and previous.restricted_clearance),
                handles,
            )
        else:
            access[unit_id] = UnitAccess(
                unit_id, previous.role, bool(clearance) or previous.restricted_clearance, handles
            )
    for ids in grants.values():
        ids.sort()
    user._wpsdesk_unit_access = access  # type: ignore[attr-defined]
    user._wpsdesk_grants = grants  # type: ignore[attr-defined]
    user._wpsdesk_openings = openings  # type: ignore[attr-defined]
    return access


def forget_cached_access(user: AnyUser) -> None:
    """Drop the cached roles and grants (after a membership or grant change in the request)."""
    for name in ("_wpsdesk_unit_access", "_wpsdesk_grants", "_wpsdesk_openings"):
        if hasattr(user, name):
            delattr(user, name)


def _unit_field(model: type[models.Model]) -> str:
    return getattr(model, "policy_unit_field", "unit")


def _classification_field(model: type[models.Model]) -> str | None:
    return getattr(model, "policy_classification_field", "classification")


def _grants_in_force(user: User) -> models.QuerySet[AccessGrant]:
    """The person's grants in force (approved where a second approval is needed, not ended)."""
    return AccessGrant.objects.in_force().filter(user=user)


def _granted_ids(
    user: User, model: type[models.Model], *, for_edit: bool = False
) -> models.QuerySet:
    grants = _grants_in_force(user).filter(
        content_type=ContentType.objects.get_for_model(model),
    )
    if for_edit:
        grants = grants.filter(may_edit=True)
    return grants.values("object_id")


def _grant_carrier(model: type[models.Model]) -> tuple[str, type[models.Model]]:
    """The path to the record whose grants decide (``""`` for the model itself) and its model.

    A record reached through a parent (``engagement__classification``) is read by a grant
    on that parent: grants are given on the record that carries the classification.
    """
    class_field = _classification_field(model) or ""
    path = class_field.split("__")[:-1]
    carrier: type[models.Model] = model
    for step in path:
        carrier = cast(type[models.Model], carrier._meta.get_field(step).related_model)
    return "__".join(path), carrier


def granted_object_ids(user: AnyUser | None, model: type[models.Model]) -> list[int]:
    """Ids of ``model`` records the person holds a grant on, read with :func:`unit_access`.

    The grants are cached on the user object, so a person without grants never costs a
    subquery and a person with some gets a literal id list the indexes can serve.
    """
    if not is_person(user):
        return []
    unit_access(user)
    cached: dict[int, list[int]] = getattr(user, "_wpsdesk_grants", {})
    if not cached:
        return []  # not even the content type lookup (a query when it is not cached yet)
    return cached.get(ContentType.objects.get_for_model(model).pk, [])


def opened_object_ids(user: AnyUser | None, model: type[models.Model]) -> list[int]:
    """Ids of ``model`` records the person opened by breaking the glass, still in force.

    Read with :func:`unit_access` in the same query as memberships and grants.
    """
    if not is_person(user):
        return []
    unit_access(user)
    cached: dict[int, list[int]] = getattr(user, "_wpsdesk_openings", {})
    if not cached:
        return []
    return cached.get(ContentType.objects.get_for_model(model).pk, [])


def granted_filter(user: AnyUser | None, model: type[models.Model]) -> Q | None:
    """The records of ``model`` a grant opens to the person, as a literal id list; None if none.

    For a record reached through a parent the grant on the parent opens it.
    """
    path, carrier = _grant_carrier(model)
    ids = granted_object_ids(user, carrier)
    if not ids:
        return None
    return Q(**{f"{path}__in" if path else "pk__in": ids})


@_fail_closed(lambda: None)
def visibility_filter(user: AnyUser | None, model: type[models.Model]) -> Q | None:
    """The Q that selects what the person may read of ``model``; None means nothing."""
    if not is_person(user):
        return None
    user = cast(User, user)
    unit_field = _unit_field(model)
    class_field = _classification_field(model)
    access = unit_access(user)
    member_units = list(access)
    cleared_units = [a.unit_id for a in access.values() if a.restricted_clearance]

    readers = _reader_units_filter(model, class_field, member_units, cleared_units)

    if class_field is None:
        allowed = Q(**{f"{unit_field}__in": member_units})
        if user.is_hq_coordinator:
            allowed = Q(pk__isnull=False)
        return allowed if readers is None else allowed | readers

    internal = Q(**{class_field: Classification.INTERNAL})
    allowed = internal & Q(**{f"{unit_field}__in": member_units})
    if user.is_hq_coordinator:
        allowed = internal
    allowed |= Q(**{class_field: Classification.RESTRICTED, f"{unit_field}__in": cleared_units})
    granted = granted_filter(user, model)
    if granted is not None:
        allowed |= granted
    opened = breakglass.opened_filter(user, model, class_field)
    if opened is not None:
        allowed |= opened
    if readers is not None:
        allowed |= readers
    return allowed


def _reader_units_filter(
    model: type[models.Model],
    class_field: str | None,
    member_units: list[int],
    cleared_units: list[int],
) -> Q | None:
    """Records a unit reads without owning them, e.g. a process its unit contributes to.

    A model names the path to those units in ``policy_reader_units_field`` (a many-to-many
    such as ``contributing_units``, or a tuple of paths). Their members read its internal
    records, and those with restricted clearance in such a unit its restricted ones — the
    same rule as for the owning unit, never strictly restricted ones and never edits. A
    subquery of ids keeps the join from repeating rows. None when the model names no reader
    units or the person has none.
    """
    reader_fields = getattr(model, "policy_reader_units_field", None)
    if not reader_fields or not member_units:
        return None
    if isinstance(reader_fields, str):
        reader_fields = (reader_fields,)
    condition = Q()
    for field in reader_fields:
        if class_field is None:
            condition |= Q(**{f"{field}__in": member_units})
        else:
            condition |= Q(
                **{class_field: Classification.INTERNAL, f"{field}__in": member_units}
            ) | Q(**{class_field: Classification.RESTRICTED, f"{field}__in": cleared_units})
    return Q(pk__in=model._default_manager.filter(condition).values("pk"))


def visible_to(queryset: models.QuerySet[M], *, user: AnyUser | None) -> models.QuerySet[M]:
    """The part of ``queryset`` the person may read. Lists, search, counts and exports use this."""
    condition = visibility_filter(user, queryset.model)
    if condition is None:
        return queryset.none()
    visible = queryset.filter(condition)
    class_field = _classification_field(queryset.model)
    if class_field is None:
        return visible
    # Evaluating it into records notes the restricted ones for the request's read log.
    return readlog.mark(visible, reader=user, class_path=class_field)


def get_visible_or_404(
    queryset: models.QuerySet[M] | type[M], *, user: AnyUser | None, **lookup: Any
) -> M:
    """One record the person may read, or 404 — the same answer for "not yours" and "not there".

    Reading a restricted or strictly restricted record is written to the security log:
    with the request's other reads at its end (:mod:`.readlog`), or at once outside one.
    """
    qs = queryset if isinstance(queryset, models.QuerySet) else queryset._default_manager.all()
    try:
        record = visible_to(qs, user=user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    class_field = _classification_field(qs.model)
    classification = _follow(record, class_field) if class_field else None
    if classification is None or classification == Classification.INTERNAL:
        return record
    if not readlog.note(user, record, classification):
        from wpsdesk.audit.services import record_event
        from wpsdesk.core.request_context import current_ip

        record_event(
            kind="restricted.read",
            actor=user if isinstance(user, User) else None,
            ip_address=current_ip(),
            target=record,
            details={"classification": classification},
        )
    return record


def _follow(record: models.Model, path: str) -> Any:
    """The value at a ``parent__field`` path of the record (one query per unloaded step)."""
    if "__" in path and readlog.CLASSIFICATION_ANNOTATION in record.__dict__:
        return record.__dict__[readlog.CLASSIFICATION_ANNOTATION]
    value: Any = record
    for step in path.split("__"):
        value = getattr(value, step)
    return value


def _record_unit_id(record: models.Model) -> int | None:
    path = _unit_field(type(record)).split("__")
    value: Any = record
    for step in path[:-1]:
        value = getattr(value, step)
    return getattr(value, f"{path[-1]}_id", None)


@_fail_closed(False)
def may_read(user: AnyUser | None, record: models.Model) -> bool:
    """Whether the person may read this record (same rule as :func:`visible_to`)."""
    condition = visibility_filter(user, type(record))
    if condition is None or record.pk is None:
        return False
    return type(record)._default_manager.filter(condition, pk=record.pk).exists()


@_fail_closed(False)
def may_create_in(user: AnyUser | None, unit: Unit | int) -> bool:
    """Editors and unit leads of the unit may create its records."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    access = unit_access(user).get(unit_id)
    return bool(access and access.at_least(Role.EDITOR))


@_fail_closed(False)
def may_edit(user: AnyUser | None, record: models.Model) -> bool:
    """Editors and leads of the record's unit, if they may read it; or a grant with edit."""
    if not is_person(user):
        return False
    user = cast(User, user)
    if not may_read(user, record):
        return False
    unit_id = _record_unit_id(record)
    if unit_id is not None and may_create_in(user, unit_id):
        return True
    return _granted_ids(user, type(record), for_edit=True).filter(object_id=record.pk).exists()


@_fail_closed(False)
def may_lead(user: AnyUser | None, unit: Unit | int) -> bool:
    """Unit leads approve plans and results and manage their unit's memberships."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    access = unit_access(user).get(unit_id)
    return bool(access and access.at_least(Role.LEAD))


#: Classifications from least to most protected; lowering moves left.
CLASSIFICATION_RANK = {
    Classification.INTERNAL: 0,
    Classification.RESTRICTED: 1,
    Classification.STRICTLY_RESTRICTED: 2,
}


def lowers_classification(before: str, after: str) -> bool:
    """Whether going from ``before`` to ``after`` lowers the protection."""
    return CLASSIFICATION_RANK[Classification(after)] < CLASSIFICATION_RANK[Classification(before)]


@_fail_closed(False)
def may_reclassify(user: AnyUser | None, record: models.Model, to: str) -> bool:
    """The one reclassification rule, for every classified record in every app.

    Raising the classification: whoever may edit the record. Lowering it: only a lead of
    the record's unit who may edit it (the services also ask for a reason and log it).
    A model with a ``policy_minimum_classification`` is never lowered below it, by anyone.
    """
    if not may_edit(user, record):
        return False
    floor = getattr(type(record), "policy_minimum_classification", None)
    if floor is not None and lowers_classification(floor, to):
        return False
    before = getattr(record, "_wpsdesk_loaded_classification", None) or getattr(
        record, "classification", None
    )
    if before is None or not lowers_classification(before, to):
        return True
    unit_id = _record_unit_id(record)
    return unit_id is not None and may_lead(user, unit_id)


@_fail_closed(False)
def may_administer(user: AnyUser | None) -> bool:
    """Administrators manage people and units (and nothing else by that)."""
    return is_person(user) and bool(getattr(user, "is_staff", False))


@_fail_closed(False)
def may_audit(user: AnyUser | None) -> bool:
    """Auditors read the security log."""
    return is_person(user) and bool(getattr(user, "is_auditor", False))


def units_visible_to(*, user: AnyUser | None) -> models.QuerySet[Unit]:
    """Units the person may look at: their own; every unit for HQ, auditors and administrators."""
    if not is_person(user):
        return Unit.objects.none()
    user = cast(User, user)
    if user.is_hq_coordinator or user.is_staff or user.is_auditor:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=list(unit_access(user)))


def memberships_visible_to(*, user: AnyUser | None) -> models.QuerySet[Membership]:
    """Memberships of the units the person belongs to; all of them for administrators."""
    if not is_person(user):
        return Membership.objects.none()
    user = cast(User, user)
    if user.is_staff:
        return Membership.objects.all()
    return Membership.objects.filter(unit_id__in=list(unit_access(user)))
