"""The report as HTML: a standalone accessible document, or a fragment for a page.

Landmarks (header, nav, main, footer), one ``h1`` and headings in order, tables with
captions and header cells, charts as inline SVG with a title and a description and a
numbered caption. Every text from the content is escaped here and nowhere else.
"""

from __future__ import annotations

import base64
from functools import cache
from html import escape
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from .charts import chart_svg
from .numbers import cell_text
from .structure import (
    Block,
    Content,
    Counter,
    Section,
    figure_label,
    generated_line,
    headings,
    language_code,
    language_tag,
    level_of,
    paragraphs,
    table_label,
)

HERE = Path(__file__).resolve().parent


@cache
def stylesheet() -> str:
    """The report's screen and print styles (for the standalone document; a page that
    shows the fragment serves this text as a stylesheet of its own)."""
    return (HERE / "report.css").read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _slug(prefix: str, value: object) -> str:
    """An id for an element: the content's stable slug, prefixed to stay unique on a page."""
    text = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(value))
    return f"{prefix}{text}"


class _Writer:
    def __init__(
        self, content: Content, *, title_level: int, id_prefix: str, inline_charts: bool = True
    ) -> None:
        self.content = content
        self.inline_charts = inline_charts
        self.language = language_code(content)
        self.title_level = title_level
        self.prefix = id_prefix
        self.counter = Counter()
        self.parts: list[str] = []

    def h(self, level: int) -> int:
        """The HTML heading level of a section level (below the report's own title)."""
        return min(6, self.title_level + level)

    def out(self, *markup: str) -> None:
        self.parts.extend(markup)

    # -- blocks ---------------------------------------------------------------------------

    def text(self, text: str, css: str = "") -> None:
        attr = f' class="{css}"' if css else ""
        for lines in paragraphs(text):
            self.out(f"<p{attr}>", "<br>".join(_e(line) for line in lines), "</p>")

    def table(self, block: Block) -> None:
        number = self.counter.table()
        table_id = _slug(self.prefix + "table-", block.get("id") or number)
        columns = [str(c) for c in block.get("columns") or []]
        numeric = list(block.get("numeric") or [])
        numeric += [False] * (len(columns) - len(numeric))
        row_headers = bool(columns) and not numeric[0]
        self.out(
            '<div class="table-wrap" role="region" tabindex="0" ',
            f'aria-labelledby="{table_id}-caption">',
            f'<table id="{table_id}">',
            f'<caption id="{table_id}-caption">',
            f'<span class="label">{_e(table_label(number))}</span> ',
            f"{_e(block.get('caption') or '')}</caption><thead><tr>",
        )
        for column, is_number in zip(columns, numeric, strict=True):
            css = ' class="num"' if is_number else ""
            self.out(f'<th scope="col"{css}>{_e(column)}</th>')
        self.out("</tr></thead><tbody>")
        language = self.language
        for row in block.get("rows") or []:
            cells = []
            for index, value in enumerate(row):
                text = _e(cell_text(value, language))
                is_number = index < len(numeric) and numeric[index]
                if index == 0 and row_headers:
                    cells.append(f'<th scope="row">{text}</th>')
                elif is_number:
                    cells.append(f'<td class="num">{text}</td>')
                else:
                    cells.append(f"<td>{text}</td>")
            self.out("<tr>", "".join(cells), "</tr>")
        self.out("</tbody></table></div>")

    def chart(self, block: Block) -> None:
        number = self.counter.figure()
        figure_id = _slug(self.prefix + "figure-", block.get("id") or number)
        svg = chart_svg(block, self.language, id_prefix=f"{figure_id}-svg")
        if not self.inline_charts:
            # For the PDF: an image keeps the SVG out of the page's style cascade (much
            # faster to lay out) and is tagged as a Figure with the alt text.
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            alt = _e(block.get("alt") or block.get("caption") or "")
            svg = f'<img class="report-chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'
        self.out(
            f'<figure class="chart" id="{figure_id}">',
            svg,
            f'<figcaption><span class="label">{_e(figure_label(number))}</span> ',
            f"{_e(block.get('caption') or '')}</figcaption></figure>",
        )

    def block(self, block: Block, level: int) -> None:
        kind = block.get("kind")
        if kind == "paragraph":
            self.text(block.get("text") or "")
        elif kind == "list":
            items = "".join(f"<li>{_e(item)}</li>" for item in block.get("items") or [])
            self.out(f"<ul>{items}</ul>")
        elif kind == "note":
            self.out('<div class="note" role="note">')
            self.text(block.get("text") or "")
            self.out("</div>")
        elif kind == "table":
            self.table(block)
        elif kind == "chart":
            self.chart(block)
        elif kind == "narrative":
            narrative_id = _slug(self.prefix + "narrative-", block.get("id") or "")
            self.out(
                f'<div class="narrative" id="{narrative_id}">',
                f'<p class="narrative-label"><strong>{_e(block.get("label") or "")}</strong></p>',
            )
            self.text(block.get("text") or "–")
            self.out("</div>")
        # An unknown kind is left out rather than guessed at (the contract is fixed).

    def section(self, section: Section, parent_level: int) -> None:
        level = level_of(section, parent_level)
        section_id = _slug(self.prefix, section["id"])
        tag = f"h{self.h(level)}"
        self.out(
            f'<section id="{section_id}" class="level-{level}" ',
            f'aria-labelledby="{section_id}-heading">',
            f'<{tag} id="{section_id}-heading">{_e(section["heading"])}</{tag}>',
        )
        for block in section.get("blocks") or []:
            self.block(block, level)
        for child in section.get("sections") or []:
            self.section(child, level)
        self.out("</section>")

    # -- the whole ------------------------------------------------------------------------

    def title_block(self, tag: str) -> None:
        content = self.content
        level = f"h{self.title_level}"
        self.out(
            f'<{tag} class="report-title">',
            f'<{level} id="{self.prefix}title">{_e(content["title"])}</{level}>',
        )
        if content.get("subtitle"):
            self.out(f'<p class="subtitle">{_e(content["subtitle"])}</p>')
        unit = content.get("unit")
        if unit:
            self.out(f'<p class="unit">{_e(unit.get("name") or unit.get("code") or "")}</p>')
        if content.get("status_line"):
            self.out(f'<p class="status">{_e(content["status_line"])}</p>')
        self.out(f'<p class="generated">{_e(generated_line(content))}</p>', f"</{tag}>")

    def contents(self) -> None:
        items = headings(self.content)
        if not items:
            return
        nav_id = f"{self.prefix}contents"
        tag = f"h{self.h(1)}"
        self.out(
            f'<nav class="toc" aria-labelledby="{nav_id}-heading">',
            f'<{tag} id="{nav_id}-heading">{_e(_("Contents"))}</{tag}>',
        )
        depth = 0
        for item in items:
            while depth < item.level:
                self.out(f'<ol class="toc-{depth + 1}">')
                depth += 1
            while depth > item.level:
                self.out("</li></ol>")
                depth -= 1
            if self.parts[-1].startswith("<ol"):
                self.out("<li>")
            else:
                self.out("</li><li>")
            self.out(f'<a href="#{_slug(self.prefix, item.id)}">{_e(item.text)}</a>')
        while depth > 0:
            self.out("</li></ol>")
            depth -= 1
        self.out("</nav>")

    def sections(self) -> None:
        for section in self.content["sections"]:
            self.section(section, 0)


def render_html_fragment(
    content: Content, *, title_level: int = 2, id_prefix: str = "report-"
) -> str:
    """The report as an ``<article>`` to sit inside a page that has its own ``h1``.

    The report's title is an ``h{title_level}`` and its sections follow below it; ids
    carry ``id_prefix`` so they do not clash with the page's own.
    """
    with translation.override(language_code(content)):
        writer = _Writer(content, title_level=max(1, min(3, title_level)), id_prefix=id_prefix)
        lang = language_tag(content)
        writer.out(f'<article class="report" lang="{lang}" aria-labelledby="{id_prefix}title">')
        writer.title_block("header")
        writer.contents()
        writer.sections()
        writer.out("</article>")
        return "".join(writer.parts)


def render_html(content: Content, *, extra_css: str = "", inline_charts: bool = True) -> str:
    """The report as a standalone HTML document (styles included, no outside files).

    Charts are inline ``<svg>`` elements, or with ``inline_charts=False`` SVG images with
    alt text (what the PDF lays out).
    """
    with translation.override(language_code(content)):
        writer = _Writer(content, title_level=1, id_prefix="", inline_charts=inline_charts)
        title = _e(content["title"])
        writer.out(
            "<!DOCTYPE html>",
            f'<html lang="{language_tag(content)}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f'<meta name="description" content="{_e(content.get("subtitle") or "")}">',
            f'<meta name="dcterms.created" content="{_e(content.get("generated_at") or "")}">',
            f"<style>{stylesheet()}{extra_css}</style></head><body>",
        )
        writer.title_block("header")
        writer.contents()
        writer.out('<main id="main">')
        writer.sections()
        writer.out("</main>")
        writer.out(
            '<footer class="report-footer">',
            f"<p>{_e(content.get('status_line') or '')}</p>",
            f"<p>{_e(generated_line(content))}</p></footer>",
            "</body></html>",
        )
        return "".join(writer.parts)
