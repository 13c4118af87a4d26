"""One reclassification rule for every classified record (``docs/access-control.md``).

Services change a record's classification only through :func:`reclassify`: raising it
needs the right to edit the record; lowering it needs the unit lead
(:func:`~wpsdesk.organisation.policy.may_reclassify`) and a reason, and every change is
written to the security log as ``classification.changed``.

So that no page, API operation, import or future app can forget the rule, a guard on
every model that carries its own classification (:func:`install_guard`, connected when the
app starts) refuses to save a lowered classification that :func:`reclassify` did not
authorise. Queryset ``update()`` bypasses model saves; the code uses it only to make
records below a plan follow the plan's classification after the plan went through here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.signals import post_init, post_save, pre_save
from django.utils.translation import gettext as _

from . import breakglass, policy
from .models import Classification

_AUTHORISED = "_wpsdesk_reclassified_to"
_LOADED = "_wpsdesk_loaded_classification"


class ReclassificationRefused(PermissionDenied):
    """A save that would lower a classification without the reclassification rule."""


def stored_classification(record: models.Model) -> str | None:
    """The classification the record had when it was loaded (None for a new record)."""
    if record._state.adding:
        return None
    loaded = record.__dict__.get(_LOADED)
    if loaded is None and record.pk is not None:
        loaded = (
            type(record)
            ._default_manager.filter(pk=record.pk)
            .values_list("classification", flat=True)
            .first()
        )
    return loaded


def reclassify(*, actor: Any, record: models.Model, to: str, reason: str = "") -> bool:
    """Set the record's classification under the one rule; the caller saves the record.

    Raising it to strictly restricted sends the grants on it that no second person
    approved back to pending (``services.repend_grants_on_strict``). Returns whether it
    changes. Raises ``PermissionDenied`` when the person may not (an
    editor lowering it) and ``ValidationError`` when a lowering comes without a reason.
    """
    from wpsdesk.audit.services import clean_text, record_event
    from wpsdesk.core.request_context import current_ip

    to = Classification(to)
    before = stored_classification(record) or getattr(record, "classification", None)
    if before is None or before == to:
        return False
    if not policy.may_reclassify(actor, record, to):
        raise PermissionDenied(_("Only the unit lead may lower a record's classification."))
    lowering = policy.lowers_classification(before, to)
    reason = clean_text(" ".join((reason or "").split()), 300)
    if lowering and not reason:
        raise ValidationError(
            {"classification_reason": _("Say why the classification is lowered.")}
        )
    record.classification = to  # type: ignore[attr-defined]
    setattr(record, _AUTHORISED, to)
    record_event(
        kind="classification.changed",
        actor=actor,
        ip_address=current_ip(),
        target=record,
        details={"from": before, "to": to, "lowered": lowering, "reason": reason},
    )
    if to == Classification.STRICTLY_RESTRICTED:
        # Four eyes hold on strict records: a grant made on one person's word while the
        # record was lower opens nothing until a second authoriser approves it.
        from .services import repend_grants_on_strict

        repend_grants_on_strict(actor=actor, record=record, reason=reason, ip_address=current_ip())
    return True


def _remember_loaded(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if "classification" in instance.__dict__:
        instance.__dict__[_LOADED] = instance.__dict__["classification"]


def _refuse_unauthorised_lowering(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (update_fields is not None and "classification" not in update_fields):
        return
    after = getattr(instance, "classification", None)
    before = stored_classification(instance)
    if before is None or after is None or not policy.lowers_classification(before, after):
        return
    if instance.__dict__.get(_AUTHORISED) == after:
        return
    # What was loaded may be stale (refresh_from_db, update()): the database decides.
    stored = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list("classification", flat=True)
    )
    before = stored.first()
    if before is not None and policy.lowers_classification(before, after):
        raise ReclassificationRefused(
            f"{sender._meta.label}: lowering a classification goes through "
            "wpsdesk.organisation.reclassification.reclassify"
        )


def _saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    instance.__dict__.pop(_AUTHORISED, None)
    if "classification" in instance.__dict__:
        instance.__dict__[_LOADED] = instance.__dict__["classification"]


def install_guard() -> list[type[models.Model]]:
    """Connect the guard to every model carrying its own classification; returns them."""
    guarded = list(breakglass.classified_models().values())
    for model in guarded:
        post_init.connect(_remember_loaded, sender=model, dispatch_uid=f"reclass-init-{model}")
        pre_save.connect(
            _refuse_unauthorised_lowering, sender=model, dispatch_uid=f"reclass-pre-{model}"
        )
        post_save.connect(_saved, sender=model, dispatch_uid=f"reclass-post-{model}")
    return guarded
