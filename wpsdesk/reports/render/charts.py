"""Charts of a report, drawn on the server from a chart block's figures.

One drawing (matplotlib) gives both forms: a PNG for Word and an SVG for the HTML view
and the PDF, so every format shows the same picture. Matplotlib is used without pyplot
(no global figure registry) and its few global settings are changed only inside
``rc_context`` under a lock, so nothing leaks to other code or other threads.

The SVG is rewritten for inline use: styles become presentation attributes (the site's
Content-Security-Policy forbids inline styles), ids are prefixed so several charts can
share one page, and it gets a ``<title>`` (the caption) and a ``<desc>`` (the alt text).
Coordinates stay matplotlib's plain decimal numbers whatever the language; only the
tick labels, which are text, are written the reader's way.
"""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ET  # nosec B405  # builds and serialises only; parsing is defusedxml
from collections.abc import Callable
from html import escape
from typing import Any

import matplotlib
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .numbers import format_number, format_share
from .structure import xml_text

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Okabe–Ito: told apart with every common kind of colour blindness (yellow, the one weak on
# white paper, left out); lines also differ by marker and dash.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "--", "-.", ":", "-", "--", "-.")
PARITY_COLOUR = "#444444"

WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with the report's margins
FONT_SIZE = 10

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "svg.fonttype": "none",  # text stays text: selectable, searchable, smaller
    "svg.image_inline": True,
}

# matplotlib keeps its settings in one process-wide dict and is not thread-safe.
_LOCK = threading.Lock()


def _horizontal(block: dict[str, Any]) -> bool:
    """Bars lie down when there are many categories or long names (labels stay readable)."""
    if block["chart"] == "line":
        return False
    categories = block["categories"]
    return len(categories) > 8 or max((len(str(c)) for c in categories), default=0) > 14


def _values(series: dict[str, Any], count: int) -> list[float]:
    values = list(series.get("values") or [])[:count]
    values += [None] * (count - len(values))
    return [float("nan") if v is None else float(v) for v in values]


def _axis_formatter(block: dict[str, Any], language: str) -> Callable[[float, int], str]:
    if block.get("unit") == "%":
        return lambda value, _pos: format_share(round(value, 1), language)

    def plain(value: float, _pos: int) -> str:
        rounded = round(value, 1)
        if float(rounded).is_integer():
            return format_number(int(rounded), language)
        return format_number(rounded, language)

    return plain


def build_figure(block: dict[str, Any], language: str) -> Figure:
    """A matplotlib figure for a chart block (bar, stacked bar or line)."""
    categories = [str(c) for c in block["categories"]]
    series = block["series"] or [{"name": "", "values": []}]
    count = len(categories)
    horizontal = _horizontal(block)
    percent = block.get("unit") == "%"
    if horizontal:
        per_category = 0.3 if block["chart"] == "stacked_bar" else 0.18 + 0.08 * len(series)
        height = min(9.0, max(2.4, per_category * count + 1.4))  # at most a page
    else:
        height = 3.4
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(count))
    kind = block["chart"]
    if kind == "line":
        for index, item in enumerate(series):
            axes.plot(
                positions,
                _values(item, count),
                label=item.get("name") or None,
                color=PALETTE[index % len(PALETTE)],
                marker=MARKERS[index % len(MARKERS)],
                linestyle=DASHES[index % len(DASHES)],
                linewidth=2,
            )
    else:
        stacked = kind == "stacked_bar"
        group = 0.8
        width = group if stacked else group / max(1, len(series))
        base = [0.0] * count
        for index, item in enumerate(series):
            values: list[float] = [0.0 if v != v else v for v in _values(item, count)]
            offsets: list[float]
            if stacked:
                offsets = [float(p) for p in positions]
            else:
                offsets = [p - group / 2 + width * (index + 0.5) for p in positions]
            style: dict[str, Any] = {
                "label": item.get("name") or None,
                "color": PALETTE[index % len(PALETTE)],
                "edgecolor": "white",
                "linewidth": 0.5,
            }
            if horizontal:
                axes.barh(offsets, values, width, left=list(base), **style)
            else:
                axes.bar(offsets, values, width, bottom=list(base), **style)
            if stacked:
                base = [b + v for b, v in zip(base, values, strict=True)]
    value_axis = axes.xaxis if horizontal else axes.yaxis
    if horizontal:
        axes.set_yticks(positions, categories)
        axes.invert_yaxis()  # first category on top, as in the table
        crowded = count > 25
        if crowded:
            axes.tick_params(axis="y", labelsize=max(5, 9 - count // 25))
    else:
        axes.set_xticks(positions, categories)
        if count > 5 or max((len(c) for c in categories), default=0) > 10:
            axes.tick_params(axis="x", labelrotation=30)
            for label in axes.get_xticklabels():
                label.set_horizontalalignment("right")
    value_axis.set_major_formatter(FuncFormatter(_axis_formatter(block, language)))
    value_axis.set_major_locator(MaxNLocator(nbins=6, integer=not percent))
    if percent:
        (axes.set_xlim if horizontal else axes.set_ylim)(0, 100)
    elif kind != "line" and horizontal:
        axes.set_xlim(left=0)
    elif kind != "line":
        axes.set_ylim(bottom=0)
    if block.get("parity"):
        line = axes.axvline if horizontal else axes.axhline
        line(50, color=PARITY_COLOUR, linestyle="--", linewidth=1.2, label=_("Even balance (50%)"))
    axes.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    named = [s for s in series if s.get("name")]
    if len(named) > 1 or block.get("parity"):
        # Below the plot, so it never hides a bar.
        figure.legend(loc="outside lower center", ncols=min(4, len(named) + 1), frameon=False)
    return figure


# 16 cm at 150 dpi is 945 pixels across: sharp on paper, and about half the pixels of
# 200 dpi to draw and compress.
PNG_DPI = 150


def chart_png(block: dict[str, Any], language: str, *, dpi: int = PNG_DPI) -> bytes:
    """The chart as a PNG (for Word)."""
    with _LOCK, matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        figure = build_figure(block, language)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def chart_svg(block: dict[str, Any], language: str, *, id_prefix: str) -> str:
    """The chart as an inline ``<svg>`` element with a title and description."""
    with _LOCK, matplotlib.rc_context(_RC | {"svg.hashsalt": id_prefix}):  # type: ignore[arg-type]
        figure = build_figure(block, language)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return inline_svg(
        buffer.getvalue().decode("utf-8"),
        id_prefix=id_prefix,
        title=xml_text(block.get("caption") or ""),
        desc=xml_text(block.get("alt") or ""),
    )


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_STYLE_RULE = re.compile(r"\*\s*\{([^}]*)\}")
_HREF = f"{{{XLINK_NS}}}href"


def _declarations(style: str) -> list[tuple[str, str]]:
    pairs = []
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs


def inline_svg(svg: str, *, id_prefix: str, title: str, desc: str) -> str:
    """Matplotlib's SVG file made fit to sit inside an HTML page (see the module docstring)."""
    root = fromstring(_PROLOG.sub("", svg, count=1))
    tag = f"{{{SVG_NS}}}"
    # The one stylesheet matplotlib writes (``*{stroke-linejoin: round; …}``) is inherited
    # from the root as attributes; metadata goes.
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{tag}metadata":
                parent.remove(child)
            elif child.tag == f"{tag}style":
                for rule in _STYLE_RULE.findall(child.text or ""):
                    for name, value in _declarations(rule):
                        root.set(name, value)
                parent.remove(child)
    referenced: set[str] = set()
    for element in root.iter():
        href = element.get(_HREF)
        if href and href.startswith("#"):
            referenced.add(href[1:])
        for value in element.attrib.values():
            referenced.update(_URL_REF.findall(value))
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _declarations(style):
                element.set(name, value)
        family = element.get("font-family")
        if family and "sans-serif" not in family:  # a reader without DejaVu gets a sans
            element.set("font-family", f"{family}, sans-serif")
        element_id = element.attrib.pop("id", None)
        if element_id in referenced:
            element.set("id", f"{id_prefix}-{element_id}")
        href = element.get(_HREF)
        if href and href.startswith("#"):
            element.set(_HREF, f"#{id_prefix}-{href[1:]}")
        for name, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{id_prefix}-{m.group(1)})", value))
    for name in ("width", "height", "version"):
        root.attrib.pop(name, None)
    root.set("role", "img")
    root.set("class", "report-chart")
    root.set("aria-labelledby", f"{id_prefix}-title {id_prefix}-desc")
    title_element = ET.Element(f"{tag}title", {"id": f"{id_prefix}-title"})
    title_element.text = title
    desc_element = ET.Element(f"{tag}desc", {"id": f"{id_prefix}-desc"})
    desc_element.text = desc
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return _serialise(root)


def _name(qualified: str) -> str:
    namespace, _, local = (
        qualified[1:].partition("}") if qualified.startswith("{") else ("", "", qualified)
    )
    return f"xlink:{local}" if namespace == XLINK_NS else local


def _serialise(root: ET.Element) -> str:
    """The tree as SVG markup with a plain default namespace (ElementTree would write
    ``ns0:`` prefixes, which an HTML parser does not read as SVG)."""
    parts: list[str] = []

    def write(element: ET.Element) -> None:
        tag = _name(element.tag)
        attributes = "".join(
            f' {_name(key)}="{escape(value, quote=True)}"' for key, value in element.attrib.items()
        )
        if element is root:
            attributes = f' xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"' + attributes
        parts.append(f"<{tag}{attributes}>")
        if element.text and element.text.strip():
            parts.append(escape(element.text, quote=False))
        for child in element:
            write(child)
            if child.tail and child.tail.strip():
                parts.append(escape(child.tail, quote=False))
        parts.append(f"</{tag}>")

    write(root)
    return "".join(parts)
