"""The report's renderers write real files: HTML checked for structure, Word opened with
python-docx, PDF read back with pdftotext, charts parsed as SVG. No database."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from wpsdesk.reports.render import render_docx, render_html, render_html_fragment, render_pdf
from wpsdesk.reports.render.bench import BUDGET_S, run
from wpsdesk.reports.render.numbers import NBSP, cell_text, format_number
from wpsdesk.reports.render.sample import sample_content

PDFTOTEXT = shutil.which("pdftotext")
SVG_NS = "{http://www.w3.org/2000/svg}"


def small(language: str, **extra: Any) -> dict[str, Any]:
    """A report of every block kind, small enough to render in a second or two."""
    content = sample_content(units=12, commitments=2, charts=3, language=language, **extra)
    # A figure that must come out as a decimal comma in bokmål, and one to escape.
    content["sections"][0]["blocks"][1]["rows"][0] = ["Bogotá <b>", 1234, 1234.5, None, 0]
    return content


@pytest.fixture(scope="module")
def nb() -> dict[str, Any]:
    return small("nb")


@pytest.fixture(scope="module")
def en() -> dict[str, Any]:
    return small("en")


# -- numbers ---------------------------------------------------------------------------------


def test_numbers_are_written_the_reader_s_way() -> None:
    assert format_number(1234.5, "nb") == f"1{NBSP}234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(1234567, "nb") == f"1{NBSP}234{NBSP}567"
    assert format_number(12, "en") == "12"
    assert format_number(-0.25, "nb") == "-0,2"
    assert format_number(7.0, "en") == "7.0"  # floats keep their one decimal
    assert cell_text(None, "nb") == "–"
    assert cell_text("Juba", "nb") == "Juba"


# -- HTML ------------------------------------------------------------------------------------


class Outline(HTMLParser):
    """The parts of an HTML document an accessibility review looks at first."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.tables_without_caption = 0
        self.header_cells_without_scope = 0
        self.images_without_alt = 0
        self.svgs: list[dict[str, str | None]] = []
        self.lang = ""
        self._last_was_table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "html":
            self.lang = str(values.get("lang"))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if self._last_was_table and tag != "caption":
            self.tables_without_caption += 1
        self._last_was_table = tag == "table"
        if tag == "th" and not values.get("scope"):
            self.header_cells_without_scope += 1
        if tag == "img" and not values.get("alt"):
            self.images_without_alt += 1
        if tag == "svg":
            self.svgs.append(values)


def outline(markup: str) -> Outline:
    parser = Outline()
    parser.feed(markup)
    return parser


@pytest.mark.parametrize("language", ["nb", "en"])
def test_html_document_is_structured_for_assistive_technology(language: str) -> None:
    content = small(language)
    markup = render_html(content)
    found = outline(markup)
    assert found.lang == ("nb-NO" if language == "nb" else "en-GB")
    assert found.headings.count(1) == 1 and found.headings[0] == 1
    # Headings never skip a level going down.
    assert all(b <= a + 1 for a, b in zip(found.headings, found.headings[1:], strict=False))
    assert {"header", "nav", "main", "footer"} <= set(found.tags)
    assert found.tags.count("table") >= 3 and found.tables_without_caption == 0
    assert found.header_cells_without_scope == 0
    assert len(found.ids) == len(set(found.ids)), "ids must be unique on the page"
    assert found.svgs and all(
        s.get("role") == "img" and s.get("aria-labelledby") for s in found.svgs
    )
    # The priorities are headings, in the report's language.
    for section in content["sections"]:
        assert f">{section['heading']}</h2>" in markup


def test_html_escapes_every_text_and_formats_numbers_per_language(nb, en) -> None:
    nb_markup, en_markup = render_html(nb), render_html(en)
    assert "Bogotá &lt;b&gt;" in nb_markup and "Bogotá <b>" not in nb_markup
    assert f'<td class="num">1{NBSP}234,5</td>' in nb_markup
    assert '<td class="num">1,234.5</td>' in en_markup
    assert '<td class="num">–</td>' in nb_markup
    assert "Figur 1:" in nb_markup and "Figure 1:" in en_markup
    assert "Innhold" in nb_markup and "Contents" in en_markup


def test_fragment_sits_below_a_page_heading(nb) -> None:
    markup = render_html_fragment(nb)
    found = outline(markup)
    assert markup.startswith('<article class="report" lang="nb-NO"')
    assert "<html" not in markup and "<style" not in markup
    assert found.headings[0] == 2 and 1 not in found.headings
    assert all(i.startswith("report-") for i in found.ids)


def test_svg_charts_parse_with_plain_numbers_in_bokmal(nb) -> None:
    markup = render_html(nb)
    svgs = re.findall(r"<svg\b.*?</svg>", markup, flags=re.DOTALL)
    assert len(svgs) == 3
    number = re.compile(r"-?\d+(\.\d+)?")
    all_texts: list[str | None] = []
    for svg in svgs:
        root = fromstring(svg)
        assert root.find(f"{SVG_NS}title").text and root.find(f"{SVG_NS}desc").text
        all_texts.extend(t.text for t in root.iter(f"{SVG_NS}text"))
        for element in root.iter():
            assert "style" not in element.attrib  # the site's CSP forbids inline styles
            for name in ("x", "y", "x1", "y1", "x2", "y2", "width", "height"):
                if name in element.attrib:
                    assert number.fullmatch(element.attrib[name]), (name, element.attrib[name])
            for value in re.findall(r"[-\d.,]+", element.attrib.get("d", "")):
                float(value)  # a comma here would be a localised coordinate
        for value in root.attrib["viewBox"].split():
            float(value)
    # The tick labels, which are text, are written the bokmål way (a space before %).
    assert f"20{NBSP}%" in all_texts and "Lik fordeling (50 %)" in all_texts
    assert "20%" not in all_texts


# -- Word ------------------------------------------------------------------------------------


def _docx(content: dict[str, Any]) -> Any:
    return Document(io.BytesIO(render_docx(content)))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_docx_has_headings_contents_tables_pictures_and_page_numbers(language: str) -> None:
    content = small(language)
    document = _docx(content)
    styles = {p.style.name: [] for p in document.paragraphs}
    for paragraph in document.paragraphs:
        styles[paragraph.style.name].append(paragraph.text)
    assert styles["Title"] == [content["title"]]
    priorities = [s["heading"] for s in content["sections"]]
    assert styles["Heading 1"] == priorities
    assert {"Heading 2", "Heading 3", "Caption", "TOC 1", "TOC 2", "TOC 3"} <= set(styles)
    # The table of contents is a TOC field, already listing the headings.
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-3"') for i in instructions)
    assert styles["TOC 1"][: len(priorities)] == priorities[: len(styles["TOC 1"])]
    assert any(i.strip().startswith("SEQ") for i in instructions)
    # Tables: header row repeated, numbers right-aligned and written the reader's way.
    table = document.tables[0]
    first_row = table.rows[0]._tr
    assert first_row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    cell = table.rows[1].cells[2].paragraphs[0]
    assert cell.text == (f"1{NBSP}234,5" if language == "nb" else "1,234.5")
    assert cell.alignment is not None and cell.alignment == 2  # right
    assert table.rows[1].cells[0].text == "Bogotá <b>"
    # Charts: pictures with alt text, captioned "Figure N".
    pictures = list(
        body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    )
    assert len(pictures) == 3
    alts = [p.get("descr") for p in pictures]
    chart_alts = [
        b["alt"] for s in content["sections"] for b in s["blocks"] if b["kind"] == "chart"
    ]
    assert alts == chart_alts
    word = "Figur" if language == "nb" else "Figure"
    assert any(text.startswith(f"{word} 1: ") for text in styles["Caption"])
    # Page numbers in the footer; title and language in the properties.
    footer = document.sections[0].footer._element
    assert [t.text.strip() for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    tag = "nb-NO" if language == "nb" else "en-GB"
    assert document.core_properties.title == content["title"]
    assert document.core_properties.language == tag
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == tag
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    # Word refuses elements out of the schema's order: a table's look before its caption,
    # and "update fields on opening" before the compatibility settings.
    properties = [child.tag.split("}")[1] for child in table._tbl.tblPr]
    assert properties.index("tblLook") < properties.index("tblCaption")
    settings = [child.tag.split("}")[1] for child in document.settings.element]
    assert "updateFields" in settings
    assert settings.index("updateFields") < settings.index("compat")


# -- PDF -------------------------------------------------------------------------------------


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("language", ["nb", "en"])
def test_pdf_text_has_the_headings_and_numbers_and_is_tagged(language: str, tmp_path) -> None:
    content = small(language)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(content))
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for section, _level in _all_sections(content["sections"]):
        assert " ".join(section["heading"].split()) in flat
    assert " ".join(content["title"].split()) in flat
    if language == "nb":
        assert "1 234,5" in text.replace(NBSP, " ")
        assert "Side 2 av" in flat
    else:
        assert "1,234.5" in text
        assert "Page 2 of" in flat
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == ("nb-NO" if language == "nb" else "en-GB")
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == content["title"]
    assert reader.mediabox_a4 if hasattr(reader, "mediabox_a4") else True
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def _structure_types(node: Any, found: list[str]) -> list[str]:
    """Every structure type (``/S``) in a PDF's structure tree, depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _structure_types(child, found)
    elif hasattr(node, "get"):
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            _structure_types(node["/K"], found)
    return found


def test_pdf_lists_stay_tagged_lists_with_their_items() -> None:
    """Bullets are drawn as decoration (a background), the list structure is tagged."""
    content = small("en")
    items = [
        item
        for section, _level in _all_sections(content["sections"])
        for block in section.get("blocks") or []
        if block.get("kind") == "list"
        for item in block.get("items") or []
    ]
    assert items
    reader = PdfReader(io.BytesIO(render_pdf(content)))
    types = _structure_types(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    assert types.count("/L") >= 1
    assert types.count("/LI") >= len(items)
    assert types.count("/LBody") >= len(items)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert all(" ".join(item.split()) in text for item in items[:3])


def _all_sections(sections: list[dict[str, Any]], level: int = 1):  # type: ignore[no-untyped-def]
    for section in sections:
        yield section, level
        yield from _all_sections(section.get("sections") or [], level + 1)


# -- speed -----------------------------------------------------------------------------------


def test_bench_times_every_format() -> None:
    results = run(units=5, formats=("html", "docx"))
    assert [r.format for r in results] == ["html", "docx"]
    assert all(r.seconds > 0 and r.kb > 1 for r in results)
    assert BUDGET_S == 10.0


# -- odd but valid content ---------------------------------------------------------------------


def test_unit_report_and_awkward_blocks_render_in_every_format() -> None:
    content = sample_content(
        units=3,
        commitments=1,
        charts=1,
        language="en",
        unit={"code": "demo-bogota", "name": "Embassy in Bogotá"},
    )
    content["sections"].append(
        {
            "id": "odd",
            "heading": "Odd cases",
            "level": 1,
            "blocks": [
                {"kind": "paragraph", "text": "A stray control\x0bcharacter & <markup>"},
                {
                    "kind": "chart",
                    "id": "empty",
                    "caption": "Nothing recorded",
                    "alt": "No figures yet",
                    "chart": "line",
                    "categories": ["2025", "2026"],
                    "series": [{"name": "Women", "values": [None, None]}],
                    "unit": "%",
                    "parity": False,
                },
                {
                    "kind": "table",
                    "id": "empty-table",
                    "caption": "No rows",
                    "columns": ["Unit", "Count"],
                    "rows": [],
                    "numeric": [False, True],
                },
                {"kind": "narrative", "id": "n", "label": "Problems", "text": ""},
                {"kind": "unknown-kind", "text": "left out"},
            ],
            "sections": [
                # Deeper than its parent's next level: shown one level down, not two.
                {"id": "deep", "heading": "Too deep", "level": 3, "blocks": [], "sections": []}
            ],
        }
    )
    markup = render_html(content)
    assert '<p class="unit">Embassy in Bogotá</p>' in markup
    assert "left out" not in markup and "&lt;markup&gt;" in markup
    assert '<h3 id="deep-heading">Too deep</h3>' in markup
    document = _docx(content)
    texts = [p.text for p in document.paragraphs]
    assert "Embassy in Bogotá" in texts
    assert "A stray controlcharacter & <markup>" in texts
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][-1] == "Too deep"
    assert render_pdf(content).startswith(b"%PDF-")


def test_a_report_without_sections_still_has_a_contents_field() -> None:
    content = sample_content(units=1, commitments=1, charts=1, language="nb")
    content["sections"] = []
    document = _docx(content)
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert any("TOC" in i for i in instructions)
    assert "Oppdater feltet for å fylle ut innholdsfortegnelsen." in [
        p.text for p in document.paragraphs
    ]
    assert "<nav" not in render_html(content)
