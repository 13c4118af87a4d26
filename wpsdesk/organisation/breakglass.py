"""Break-glass: opening a restricted record one cannot otherwise read, in an emergency.

Who may (see ``docs/access-control.md``):

* an **editor or unit lead of the record's unit** who has no restricted clearance there —
  the people who already answer for the unit's work, when the cleared colleague is away
  and a defender's safety cannot wait;
* an **HQ coordinator**, for a restricted record of any unit — HQ already reads every
  unit's internal records and is who a unit calls when it cannot act itself.

Readers, administrators and auditors never may: readers have no part in the unit's
work, and administrators and auditors get no content by their capability.

How: the person names the record by its reference (type and number), given to them out of
band by the colleague or lead who asks for help, states a reason and gives a current code
from their authenticator app. The answer is the same whether the record does not exist,
is not restricted, is strictly restricted or is not theirs to open, so the form is no
oracle; every attempt is in the security log. An opening lasts ``BREAK_GLASS_HOURS``
(4 by default), is logged as ``breakglass.opened``, appears on the unit lead's home page
and on the auditors' page until an auditor marks it reviewed. It never opens a strictly
restricted record: the filter below admits only records that are restricted *now*.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from .models import BreakGlass, BreakGlassQuerySet, Classification, Role, User

DEFAULT_HOURS = 4
REASON_MIN_LENGTH = 10

#: Pages that show a record, for models without ``get_absolute_url``.
RECORD_PAGES = {
    "planning.workplan": "planning:plan_detail",
    "planning.checklistrun": "planning:checklist_run",
    "screening.screeneddocument": "screening:detail",
    "engagements.team": "engagements:team_edit",
}


def hours() -> int:
    """How long an opening lasts (``BREAK_GLASS_HOURS``)."""
    return max(1, int(getattr(settings, "BREAK_GLASS_HOURS", DEFAULT_HOURS)))


def classified_models() -> dict[str, type[models.Model]]:
    """Every installed model that carries its own classification, by ``app.model`` label.

    These are the records one can name for break-glass and whose classification only the
    reclassification rule may lower; records below them follow their parent.
    """
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        if getattr(model, "policy_classification_field", "classification") != "classification":
            continue
        if issubclass(model, HistoricalChanges):  # the history of a record is not a record
            continue
        if getattr(model, "policy_counts_only", False):  # kept figures: no one opens a count
            continue
        try:
            model._meta.get_field("classification")
            model._meta.get_field(getattr(model, "policy_unit_field", "unit"))
        except Exception:  # noqa: S112  (a model without both is not a unit record)
            continue
        found[model._meta.label_lower] = model
    return found


def _root(model: type[models.Model], class_field: str) -> tuple[str, type[models.Model]]:
    """For ``goal__plan__classification``: ("goal__plan", WorkPlan); else ("pk", model)."""
    if "__" not in class_field:
        return "pk", model
    path = class_field.rsplit("__", 1)[0]
    current: Any = model
    for step in path.split("__"):
        current = current._meta.get_field(step).related_model
    return path, current


def eligible_units(user: User) -> list[int] | None:
    """Units whose restricted records the person may break-glass; None means every unit (HQ)."""
    from . import policy

    if not policy.is_person(user) or user.is_staff or user.is_auditor:
        return []
    if user.is_hq_coordinator:
        return None
    return [
        access.unit_id
        for access in policy.unit_access(user).values()
        if access.at_least(Role.EDITOR) and not access.restricted_clearance
    ]


def opened_filter(user: User, model: type[models.Model], class_field: str | None) -> Q | None:
    """The part of the visibility filter that break-glass openings add; None if nothing.

    Only restricted records (never strictly restricted), only openings still in force and
    only in units where the person may still break the glass: losing the role ends it.
    Costs no query of its own: the openings in force are read with the person's
    memberships and grants, and enter the filter as a literal id list.
    """
    from .policy import opened_object_ids

    if class_field is None:
        return None
    path, root = _root(model, class_field)
    opened = opened_object_ids(user, root)
    if not opened:
        return None
    units = eligible_units(user)
    if units == []:
        return None
    condition = Q(**{f"{path}__in": opened, class_field: Classification.RESTRICTED})
    if units is not None:
        unit_field = getattr(model, "policy_unit_field", "unit")
        condition &= Q(**{f"{unit_field}__in": units})
    return condition


def record_url(record: models.Model) -> str | None:
    """Where the record is shown, if we know."""
    get_url = getattr(record, "get_absolute_url", None)
    if callable(get_url):
        return str(get_url())
    name = RECORD_PAGES.get(record._meta.label_lower)
    if name is None:
        return None
    try:
        return reverse(name, args=[record.pk])
    except NoReverseMatch:
        return None


def _refused(*, actor: User, label: str, object_id: Any, ip_address: str, why: str) -> None:
    from wpsdesk.audit.services import record_event

    record_event(
        kind="breakglass.refused",
        actor=actor,
        ip_address=ip_address,
        details={"record": f"{label} #{object_id}", "why": why},
    )


@transaction.atomic
def open_record(
    *, actor: User, label: str, object_id: int, reason: str, ip_address: str = ""
) -> tuple[BreakGlass, models.Model] | None:
    """Open a restricted record for the person; None (logged) if it cannot be opened.

    The caller has checked a current second-factor code. None is the one answer for a
    record that does not exist, is not restricted, or is not the person's to open.
    """
    from wpsdesk.audit.services import clean_text, record_event

    from . import policy

    reason = clean_text(" ".join((reason or "").split()), 300)
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(_("Say why you need the record (at least ten characters)."))
    model = classified_models().get(label)
    record = model._default_manager.filter(pk=object_id).first() if model else None
    if record is None:
        _refused(actor=actor, label=label, object_id=object_id, ip_address=ip_address, why="none")
        return None
    classification = cast(Any, record).classification
    unit_id: int = getattr(record, "unit_id", 0)
    units = eligible_units(actor)
    if classification != Classification.RESTRICTED:
        why = "strict" if classification == Classification.STRICTLY_RESTRICTED else "internal"
    elif units is not None and unit_id not in units:
        why = "not eligible"
    elif policy.may_read(actor, record):
        why = "already readable"
    else:
        why = ""
    if why:
        _refused(actor=actor, label=label, object_id=object_id, ip_address=ip_address, why=why)
        return None
    opening = BreakGlass.objects.create(
        user=actor,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        unit_id=unit_id,
        reason=reason,
        ip_address=clean_text(ip_address, 45),
        expires_at=timezone.now() + dt.timedelta(hours=hours()),
    )
    record_event(
        kind="breakglass.opened",
        actor=actor,
        ip_address=ip_address,
        target=record,
        details={
            "reason": reason,
            "unit": unit_id,
            "until": opening.expires_at.isoformat(timespec="minutes"),
            "opening": opening.pk,
        },
    )
    policy.forget_cached_access(actor)
    return opening, record


def awaiting_review() -> BreakGlassQuerySet:
    """Openings no auditor has reviewed, newest first, ready for a list."""
    return BreakGlass.objects.awaiting_review().select_related("user", "unit", "content_type")


def awaiting_review_in_units_led_by(user: User) -> BreakGlassQuerySet:
    """Unreviewed openings in the units the person leads (for their home page)."""
    from . import policy

    led = [a.unit_id for a in policy.unit_access(user).values() if a.role == Role.LEAD]
    if not led:
        return BreakGlass.objects.none()
    return awaiting_review().filter(unit_id__in=led)


@transaction.atomic
def review(*, actor: User, opening: BreakGlass, note: str = "", ip_address: str = "") -> None:
    """An auditor marks an opening reviewed; it leaves the lists and stays in the log."""
    from wpsdesk.audit.services import clean_text, record_event

    from . import policy

    if not policy.may_audit(actor):
        raise PermissionDenied
    if opening.reviewed_at is not None:
        return
    opening.reviewed_by = actor
    opening.reviewed_at = timezone.now()
    opening.review_note = clean_text(" ".join(note.split()), 300)
    opening.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    record_event(
        kind="breakglass.reviewed",
        actor=actor,
        ip_address=ip_address,
        details={"opening": opening.pk, "record": opening.reference, "note": opening.review_note},
    )
