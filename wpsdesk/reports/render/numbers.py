"""Numbers as a report writes them, in the report's language.

One helper for every renderer (table cells, chart axes, value labels) so the HTML, the
PDF and the Word file never disagree. Plain code rather than the active Django locale:
a report is written in its own language whatever language the request or the worker
runs in, and the rules are few (SCHEMA.md): ``None`` is a dash, floats have one decimal,
bokmål writes ``1 234,5`` (a non-breaking space between thousands, a decimal comma),
English ``1,234.5``.
"""

from __future__ import annotations

MISSING = "–"
NBSP = "\u00a0"

_SEPARATORS = {"nb": (",", NBSP), "en": (".", ",")}


def separators(language: str) -> tuple[str, str]:
    """The decimal and thousands separators of ``language`` (English for anything unknown)."""
    return _SEPARATORS.get(language, _SEPARATORS["en"])


def format_number(value: int | float | None, language: str, *, decimals: int | None = None) -> str:
    """``value`` written for a reader of ``language``.

    Integers are grouped by thousands; floats get one decimal unless ``decimals`` says
    otherwise; ``None`` (and a float that is not a number) is a dash.
    """
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return MISSING
    decimal_mark, thousands = separators(language)
    places = decimals if decimals is not None else (1 if isinstance(value, float) else 0)
    text = f"{abs(value):,.{places}f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", thousands)
    sign = "-" if value < 0 and text.strip("0.,") else ""
    return f"{sign}{whole}{decimal_mark}{fraction}" if fraction else f"{sign}{whole}"


def cell_text(value: str | int | float | None, language: str) -> str:
    """A table cell as text: numbers formatted, text as it is, ``None`` a dash."""
    if value is None:
        return MISSING
    if isinstance(value, bool):  # not in the contract; never print True/False as 1/0
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, language)
    return str(value)


def format_share(value: int | float | None, language: str) -> str:
    """A 0–100 share with its percent sign (bokmål puts a space before it)."""
    if value is None:
        return MISSING
    number = format_number(value, language, decimals=0 if float(value).is_integer() else 1)
    return f"{number}{NBSP}%" if language == "nb" else f"{number}%"
