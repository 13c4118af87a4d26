"""Download the findings of one screened document as CSV, Excel or JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.audit.services import record_event
from wpsdesk.organisation.policy import get_visible_or_404

from . import exports
from .models import ScreenedDocument, Status


@require_GET
def findings_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The findings of a screened document the person may read; logged.

    Another unit's document, one not screened (yet) and an unknown format are all 404.
    Only then is re-authentication asked for, so that the detour never tells anyone that
    a document exists.
    """
    if fmt not in exports.FORMATS:
        raise Http404
    document = get_visible_or_404(
        ScreenedDocument.objects.select_related("unit"), user=request.user, pk=pk
    )
    if document.status != Status.DONE:
        raise Http404
    return require_reauthentication(_send)(request, document, fmt)


def _send(request: HttpRequest, document: ScreenedDocument, fmt: str) -> HttpResponse:
    body, content_type, rows = exports.findings_file(document, fmt)
    record_event(
        kind="screening.exported",
        actor=request.user,
        target=document,
        details={"format": fmt, "rows": rows},
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type=content_type)
    # The title is the document's own text: the file name is built from the id only.
    name = f"findings-{document.pk}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
