"""Tokens end with their person: disabling someone revokes every token they hold.

The token check refuses an inactive person anyway; revoking as well means that enabling
the person again brings none of their old tokens back, as with their sessions.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from wpsdesk.core.request_context import current_actor, current_ip
from wpsdesk.organisation.models import User

from .models import ApiToken
from .services import api_token_revoke


@receiver(post_save, sender=User, dispatch_uid="api_revoke_tokens_of_disabled_person")
def revoke_tokens_of_disabled_person(
    sender: type[User], instance: User, created: bool, **kwargs: Any
) -> None:
    """When a person is saved as inactive, revoke their usable tokens (each one audited)."""
    if instance.is_active or created:
        return
    actor = current_actor()
    for token in ApiToken.objects.usable().filter(owner=instance):
        api_token_revoke(
            token=token,
            actor=actor,
            actor_label="" if actor else "system",
            ip_address=current_ip(),
            reason="person_disabled",
        )
