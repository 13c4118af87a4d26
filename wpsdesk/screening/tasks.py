"""What the screening app puts on a person's home page: their documents that failed to screen
in the last two weeks, so they can add them again in a readable form."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.organisation.policy import is_person, visible_to

from .models import ScreenedDocument, Status

RECENT = dt.timedelta(days=14)


def failed_screenings(request: HttpRequest) -> list[Task]:
    """The person's own documents that could not be screened, newest first."""
    if not is_person(request.user):
        return []
    documents = visible_to(
        ScreenedDocument.objects.filter(
            added_by_id=request.user.pk,
            status=Status.FAILED,
            added_at__gte=timezone.now() - RECENT,
        ),
        user=request.user,
    ).order_by("-added_at", "-pk")[:10]
    return [
        Task(
            title=_("Could not be screened: %(title)s") % {"title": document.title[:80]},
            url=reverse("screening:detail", args=[document.pk]),
            detail=document.error[:160],
            urgent=False,
        )
        for document in documents
    ]
