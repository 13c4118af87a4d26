"""Security-log entries for changes to who may see what, whichever way they are made.

Memberships, access grants and people's capabilities can change through the admin, the
API or the command line; recording them here means none of those paths can forget.
The entries are written in the same transaction as the change.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wpsdesk.audit.services import record_event
from wpsdesk.core.request_context import current_actor, current_ip

from .models import AccessGrant, Membership, User

CAPABILITY_FIELDS = ("is_active", "is_staff", "is_superuser", "is_hq_coordinator", "is_auditor")
IDENTITY_FIELDS = ("username", "email", "first_name", "last_name")
MEMBERSHIP_FIELDS = (
    "unit_id",
    "role",
    "restricted_clearance",
    "valid_from",
    "valid_to",
    "seah_handler",
)


def _record(kind: str, target: Any, details: dict[str, Any]) -> None:
    record_event(
        kind=kind, actor=current_actor(), ip_address=current_ip(), target=target, details=details
    )


@receiver(pre_save, sender=User)
@receiver(pre_save, sender=Membership)
def remember_previous(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    """Keep the stored values so that post_save can say what changed."""
    instance._wpsdesk_previous = (
        sender._default_manager.filter(pk=instance.pk).values().first() if instance.pk else None
    )


def _reason(instance: Any) -> dict[str, str]:
    """The reason a service gave for the change, if any."""
    reason = getattr(instance, "_wpsdesk_reason", "")
    return {"reason": reason} if reason else {}


def _changes(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    previous = getattr(instance, "_wpsdesk_previous", None) or {}
    changed: dict[str, Any] = {}
    for field in fields:
        before = previous.get(field)
        after = getattr(instance, field)
        if before != after:
            changed[field] = [str(before), str(after)]
    return changed


@receiver(post_save, sender=User)
def person_capabilities_changed(sender: type, instance: User, created: bool, **kwargs: Any) -> None:
    changes = _changes(instance, CAPABILITY_FIELDS)
    if created:
        _record("person.created", instance, {"fields": sorted(changes)})
        return
    if changes:
        _record("person.capabilities_changed", instance, changes)
    identity = _changes(instance, IDENTITY_FIELDS)
    if identity:
        _record("person.changed", instance, identity)
    already_logged = getattr(instance, "_wpsdesk_password_logged", False)
    if password_changed(instance, kwargs.get("update_fields")) and not already_logged:
        # Whoever set it (the admin's old form, a shell, a command): it is on record.
        actor = current_actor()
        _record(
            "password.changed",
            instance,
            {"by": "self" if actor is not None and actor.pk == instance.pk else "other"},
        )


def password_changed(instance: User, update_fields: Any = None) -> bool:
    """Whether this save changed the stored password (known in post_save after a pre_save).

    A save of the password field alone is Django upgrading the hash of the same password
    at log-in, not a new password.
    """
    if update_fields is not None and set(update_fields) == {"password"}:
        return False
    previous = getattr(instance, "_wpsdesk_previous", None)
    return previous is not None and previous.get("password") != instance.password


@receiver(post_delete, sender=User)
def person_deleted(sender: type, instance: User, **kwargs: Any) -> None:
    _record("person.deleted", instance, {"username": instance.username})


@receiver(post_save, sender=Membership)
def membership_saved(sender: type, instance: Membership, created: bool, **kwargs: Any) -> None:
    changes = _changes(instance, MEMBERSHIP_FIELDS)
    if created:
        _record(
            "membership.created",
            instance,
            {
                "person": instance.user_id,
                "unit": instance.unit_id,
                "role": instance.role,
                "restricted_clearance": instance.restricted_clearance,
                **_reason(instance),
            },
        )
    elif changes:
        _record("membership.changed", instance, {**changes, **_reason(instance)})


@receiver(post_delete, sender=Membership)
def membership_deleted(sender: type, instance: Membership, **kwargs: Any) -> None:
    _record("membership.deleted", instance, {"person": instance.user_id, "unit": instance.unit_id})


def _forget_grants_of(instance: AccessGrant) -> None:
    """A person object already loaded with its grants reads them again after a change."""
    from .policy import forget_cached_access

    person = instance._state.fields_cache.get("user")
    if person is not None:
        forget_cached_access(person)


@receiver(post_save, sender=AccessGrant)
def grant_saved(sender: type, instance: AccessGrant, created: bool, **kwargs: Any) -> None:
    _forget_grants_of(instance)
    if getattr(instance, "_wpsdesk_logged", False):
        return  # the grant services wrote their own event, with the reason
    _record(
        "access_grant.created" if created else "access_grant.changed",
        instance,
        {
            "person": instance.user_id,
            "record_type": instance.content_type_id,
            "record": instance.object_id,
            "may_edit": instance.may_edit,
            "state": instance.state,
        },
    )


@receiver(post_delete, sender=AccessGrant)
def grant_deleted(sender: type, instance: AccessGrant, **kwargs: Any) -> None:
    _forget_grants_of(instance)
    _record(
        "access_grant.deleted",
        instance,
        {
            "person": instance.user_id,
            "record_type": instance.content_type_id,
            "record": instance.object_id,
        },
    )
