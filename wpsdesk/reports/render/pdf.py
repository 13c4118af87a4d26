"""The report as PDF: the HTML document laid out for A4 paper by WeasyPrint.

The same HTML as the web view, with print rules added: a title page, the table of
contents with page numbers, each thematic priority on a new page, the report's title as a
running header and "Page N of M" in the footer. The PDF is written as PDF/UA-1 (tagged
structure, document language and title), as far as WeasyPrint supports it; charts stay
vector (SVG images with alt text). Nothing outside the document is ever fetched.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from .html import render_html
from .structure import Content, language_code

PDF_VARIANT = "pdf/ua-1"

# List bullets are a background image, not list markers: WeasyPrint lays every marker out
# as a box of its own, which for the 1,500 list items of the service-wide report was a
# quarter of the PDF's time. The lists stay lists (tagged L, LI, LBody); a background is
# drawn as an artifact, as a bullet should be.
BULLET = (
    "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'%3E"
    "%3Ccircle cx='5' cy='5' r='5' fill='%231a1a1a'/%3E%3C/svg%3E\")"
)


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def print_css() -> str:
    """The page rules, with the footer's words in the active language."""
    words = _("Page %(number)s of %(total)s")
    before, _sep, rest = words.partition("%(number)s")
    middle, _sep, after = rest.partition("%(total)s")
    page_line = " ".join(
        part
        for part in (
            _css_string(before) if before else "",
            "counter(page)",
            _css_string(middle) if middle else "",
            "counter(pages)",
            _css_string(after) if after else "",
        )
        if part
    )
    return f"""
@page {{
  size: A4;
  font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
  margin: 24mm 20mm 22mm 22mm;
  @top-right {{ content: string(report-title); font-size: 8pt; color: #444; }}
  @bottom-center {{ content: {page_line}; font-size: 8pt; color: #444; }}
}}
@page :first {{
  @top-right {{ content: none; }}
  @bottom-center {{ content: none; }}
}}
body {{ max-width: none; margin: 0; padding: 0; font-size: 10pt; }}
.report-title {{ break-after: page; padding-top: 70mm; }}
.report-title h1 {{ string-set: report-title content(); font-size: 24pt; }}
nav.toc {{ break-after: page; }}
nav.toc a {{ color: inherit; text-decoration: none; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
section.level-1 {{ break-before: page; }}
h2, h3, h4, caption, .narrative-label {{ break-after: avoid; }}
.table-wrap {{ overflow: visible; }}
thead {{ display: table-header-group; }}
tr, figure {{ break-inside: avoid; }}
.report-footer {{ display: none; }}
ul {{ list-style: none; padding-left: 1.5em; }}
ul > li {{ padding-left: 1.1em; background: {BULLET} no-repeat 0 0.6em / 0.36em 0.36em; }}
"""


def render_pdf(content: Content) -> bytes:
    """The report as a PDF file's bytes."""
    # WeasyPrint loads Pango through cffi on import: only when a PDF is asked for.
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    with translation.override(language_code(content)):
        markup = render_html(content, extra_css=print_css(), inline_charts=False)
    # Only data: URLs (the charts): the document is self-contained, and a stray
    # reference must never make the server fetch anything.
    fetcher = URLFetcher(allowed_protocols=["data"])
    document = HTML(string=markup, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return pdf
