"""Tokens end with what vouched for them: a person's tokens are all revoked when

* the person is disabled,
* their password changes (whoever changes it, however), or
* their second factor changes (an authenticator app confirmed or removed).

The token check refuses an inactive person anyway; revoking as well means that enabling
the person again, or undoing a change, brings none of their old tokens back, as with
their sessions. Each revocation is in the security log with its reason.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.core.request_context import current_actor, current_ip
from wpsdesk.organisation.models import User
from wpsdesk.organisation.signals import password_changed

from .models import ApiToken
from .services import api_token_revoke


def revoke_all_tokens_of(person_id: int, *, reason: str) -> int:
    """Revoke every usable token of the person (each one audited); how many were revoked."""
    actor = current_actor()
    revoked = 0
    for token in ApiToken.objects.usable().filter(owner_id=person_id):
        revoked += api_token_revoke(
            token=token,
            actor=actor,
            actor_label="" if actor else "system",
            ip_address=current_ip(),
            reason=reason,
        )
    return revoked


@receiver(post_save, sender=User, dispatch_uid="api_revoke_tokens_of_disabled_person")
def revoke_tokens_of_disabled_person(
    sender: type[User], instance: User, created: bool, **kwargs: Any
) -> None:
    """When a person is saved as inactive or with a new password, revoke their tokens."""
    if created:
        return
    if not instance.is_active:
        revoke_all_tokens_of(instance.pk, reason="person_disabled")
    elif password_changed(instance, kwargs.get("update_fields")):
        revoke_all_tokens_of(instance.pk, reason="password_changed")


@receiver(post_save, sender=TOTPDevice, dispatch_uid="api_revoke_tokens_on_new_second_factor")
def revoke_tokens_on_new_second_factor(
    sender: type[TOTPDevice], instance: TOTPDevice, **kwargs: Any
) -> None:
    """A confirmed authenticator app (a new one, or one confirmed now) revokes the tokens."""
    update_fields = kwargs.get("update_fields")
    if not instance.confirmed:
        return
    if update_fields is not None and "confirmed" not in update_fields:
        return  # django-otp noting a use or a failure, not a change of factor
    if not kwargs.get("created") and update_fields is None:
        return  # a plain re-save of an existing device
    revoke_all_tokens_of(instance.user_id, reason="second_factor_changed")


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="api_revoke_tokens_on_removed_factor")
def revoke_tokens_on_removed_second_factor(
    sender: type[TOTPDevice], instance: TOTPDevice, **kwargs: Any
) -> None:
    """Removing a confirmed authenticator app revokes the person's tokens."""
    if instance.confirmed:
        revoke_all_tokens_of(instance.user_id, reason="second_factor_changed")
