"""How a count that may not have been recorded is shown.

A count left empty means "not known", which is not the same as nobody: ``None`` is
shown as a dash with the word "unknown" for screen readers and on hover, and ``0``
stays ``0``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

DASH = "–"


@register.filter
def count_or_unknown(value: Any) -> SafeString | str:
    """``value`` as a number; a count not recorded (None or "") as "unknown"."""
    if value is None or value == "":
        label = _("unknown")
        return format_html(
            '<span class="count-unknown" title="{}">{}<span class="ds-sr-only"> {}</span></span>',
            label,
            DASH,
            label,
        )
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value)
    return str(value)
