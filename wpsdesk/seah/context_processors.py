"""Whether the navigation offers "SEAH reports": to the units' handlers and leads only.

Read from the roles the policy layer has cached for the request: no query. People who
read a report through an access grant are given its number and open it directly.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import handling_unit_ids


def nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_may_seah": bool(handling_unit_ids(user))}
