"""The panel on a conflict-analysis question's catalogue page: the analyses that answer it.

Only the box "Gender-sensitive conflict analyses, including actor analyses", its seven
questions, the checklist's "consider gender when analysing conflicts" and its sub-points get
the panel; any other item costs no query. Only analyses the viewer may see are listed, at
most :data:`~.selectors.PANEL_LIMIT` of them.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from wpsdesk.catalogue.models import Item

from .selectors import analyses_answering
from .services import ANALYSIS_QUESTION_CODES

#: The items whose questions an analysis answers, and those questions.
PARENTS = {
    "P1.BOX.ANALYSIS": [c for c in ANALYSIS_QUESTION_CODES if c.startswith("P1.BOX.ANALYSIS.")],
    "CL.2": [c for c in ANALYSIS_QUESTION_CODES if c.startswith("CL.2.")],
}


def analyses_answering_item(request: HttpRequest, item: Item) -> SafeString:
    """Render the list of readable analyses answering this item (or one of its questions)."""
    if item.code in ANALYSIS_QUESTION_CODES:
        codes = [item.code]
    elif item.code in PARENTS:
        codes = PARENTS[item.code]
    else:
        return SafeString("")
    analyses, total = analyses_answering(codes=codes, edition_id=item.edition_id, user=request.user)
    return render_to_string(
        "processes/_item_panel.html",
        {"analyses": analyses, "total": total, "more": total - len(analyses)},
        request=request,
    )
