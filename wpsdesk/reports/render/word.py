"""The report as a Word document (python-docx).

What makes it read like a document the ministry wrote rather than an export: a title
page, real heading styles (Heading 1–3, so Word's navigation pane and outline work), a
table of contents field that Word fills with page numbers (with the headings already
listed, so it is not empty before it is updated), numbered captions (SEQ fields) in the
Caption style, tables whose header row repeats on every page and whose numbers are
right-aligned, charts as PNG pictures with alt text, page numbers in the footer, and the
document's title and language set so spelling and screen readers use bokmål or English.

Large tables are written as one piece of WordprocessingML each (python-docx's cell API
is quadratic in the rows); every text still goes through XML escaping.
"""

from __future__ import annotations

import io
from datetime import datetime
from html import escape
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .charts import chart_png
from .numbers import cell_text
from .structure import (
    Block,
    Content,
    Counter,
    Section,
    figure_word,
    generated_line,
    headings,
    language_code,
    language_tag,
    level_of,
    paragraphs,
    table_word,
)
from .structure import xml_text as _clean

TEXT_WIDTH = Cm(16)  # A4 less 2.5 cm margins


# The elements that follow w:updateFields in CT_Settings (ECMA-376 part 1, the settings part).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (what Word itself writes): begin, instruction, shown result, end."""
    _field_start(paragraph, instruction)
    if shown:
        paragraph.add_run(shown)
    _field_end(paragraph)


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # Word recomputes it on opening
    paragraph.add_run()._r.append(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)


def _field_end(paragraph: Paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _set_language(document: DocumentObject, tag: str) -> None:
    """The proofing language of every style (through the defaults and Normal)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = []
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            targets.append(run_defaults.find(qn("w:rPr")))
    targets.append(document.styles["Normal"].element.get_or_add_rPr())
    for rpr in targets:
        if rpr is None:
            continue
        lang = rpr.find(qn("w:lang"))
        if lang is None:  # nothing after w:lang is ever set here, so it can go last
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)


def _styles(document: DocumentObject) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    for level in (1, 2, 3):
        name = f"TOC {level}"
        if name not in [s.name for s in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(2)
    note = styles.add_style("Report Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.italic = True
    note.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    note.paragraph_format.left_indent = Cm(0.5)
    label = styles.add_style("Narrative Label", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = normal
    label.font.bold = True
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_after = Pt(2)
    caption = styles["Caption"]
    caption.font.size = Pt(9)
    cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.space_before = Pt(0)


def _properties(document: DocumentObject, content: Content) -> None:
    props = document.core_properties
    props.title = _clean(content.get("title") or "")
    props.subject = _clean(content.get("subtitle") or "")
    props.language = language_tag(content)
    props.author = ""
    props.comments = ""
    props.last_modified_by = ""
    props.keywords = str(content.get("year") or "")
    try:
        created = datetime.fromisoformat(str(content.get("generated_at") or ""))
    except ValueError:
        created = None
    if created is not None:
        props.created = created
        props.modified = created
    # Ask Word to fill the table of contents (and caption numbers) on opening.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Its place in the schema's sequence: before the first of these that is present.
    for name in _AFTER_UPDATE_FIELDS:
        follower = settings.find(qn(f"w:{name}"))
        if follower is not None:
            follower.addprevious(update)
            break
    else:
        settings.append(update)


def _page(document: DocumentObject, content: Content) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.different_first_page_header_footer = True  # the title page has neither
    header = section.header.paragraphs[0]
    header.text = _clean(content.get("title") or "")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in header.runs:
        run.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = _("Page %(number)s of %(total)s")
    before, _sep, rest = words.partition("%(number)s")
    middle, _sep, after = rest.partition("%(total)s")
    footer.add_run(before)
    _field(footer, "PAGE", "1")
    footer.add_run(middle)
    _field(footer, "NUMPAGES", "1")
    footer.add_run(after)


class _Writer:
    def __init__(self, document: DocumentObject, content: Content) -> None:
        self.document = document
        self.content = content
        self.language = language_code(content)
        self.counter = Counter()
        self.body = document.element.body
        self.style_ids: dict[str, str | None] = {}

    def style_id(self, name: str) -> str | None:
        """The id of the paragraph style called ``name`` (None for the default style),
        looked up once per document."""
        if name not in self.style_ids:
            styles = self.document.styles
            style = styles[name]
            default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self.style_ids[name] = None if style == default else style.style_id
        return self.style_ids[name]

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """A new paragraph at the end of the body, like ``Document.add_paragraph``.

        python-docx looks a style given by name up by scanning every style, and then scans
        them again for the default, on every paragraph; with a thousand list items that was
        most of the Word file's time. Here the id is looked up once and set directly.
        """
        element = OxmlElement("w:p")
        self._append(element)
        paragraph = Paragraph(element, self.document._body)
        if text:
            paragraph.add_run(text)
        if style is not None:
            style_id = self.style_id(style)
            if style_id is not None:
                element.style = style_id
        return paragraph

    def text(self, text: str, style: str | None = None) -> None:
        for lines in paragraphs(text):
            paragraph = self.paragraph(style=style)
            for index, line in enumerate(lines):
                run = paragraph.add_run(_clean(line))
                if index < len(lines) - 1:
                    run.add_break(WD_BREAK.LINE)

    def caption(self, word: str, number: int, text: str, *, keep_with_next: bool) -> None:
        paragraph = self.paragraph(style="Caption")
        paragraph.paragraph_format.keep_with_next = keep_with_next
        paragraph.add_run(f"{word} ")
        _field(paragraph, f"SEQ {word} \\* ARABIC", str(number))
        paragraph.add_run(f": {_clean(text)}")

    def table(self, block: Block) -> None:
        number = self.counter.table()
        caption = str(block.get("caption") or "")
        self.caption(table_word(), number, caption, keep_with_next=True)
        columns = [str(c) for c in block.get("columns") or []]
        if not columns:
            return
        numeric = list(block.get("numeric") or [])
        numeric += [False] * (len(columns) - len(numeric))
        language = self.language

        def cell(text: str, *, right: bool, bold: bool = False) -> str:
            jc = '<w:jc w:val="right"/>' if right else ""
            rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
            return (
                '<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{jc}</w:pPr>'
                f'<w:r>{rpr}<w:t xml:space="preserve">{escape(_clean(text))}</w:t></w:r>'
                "</w:p></w:tc>"
            )

        grid = "".join("<w:gridCol/>" for _ in columns)
        head = "".join(cell(c, right=n, bold=True) for c, n in zip(columns, numeric, strict=True))
        rows = [
            "<w:tr>"
            + "".join(
                cell(cell_text(value, language), right=index < len(numeric) and numeric[index])
                for index, value in enumerate(row)
            )
            + "</w:tr>"
            for row in block.get("rows") or []
        ]
        description = escape(_clean(caption))
        xml = (
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            '<w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            # Schema order: tblLook before tblCaption (Word rejects a file otherwise).
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f'<w:tblCaption w:val="{description}"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
            # The header row repeats on every page and is never split.
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
            + "".join(rows)
            + "</w:tbl>"
        )
        self._append(parse_xml(xml))
        # Word needs a paragraph between two tables; it also gives the table room.
        self.paragraph()

    def _append(self, element: Any) -> None:
        sect = self.body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(element)
        else:
            self.body.append(element)

    def chart(self, block: Block) -> None:
        number = self.counter.figure()
        caption = str(block.get("caption") or "")
        picture = self.paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        shape = picture.add_run().add_picture(
            io.BytesIO(chart_png(block, self.language)), width=TEXT_WIDTH
        )
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", _clean(block.get("alt") or caption))
        doc_pr.set("title", _clean(caption))
        doc_pr.set("name", f"{figure_word()} {number}")
        self.caption(figure_word(), number, caption, keep_with_next=False)

    def block(self, block: Block) -> None:
        kind = block.get("kind")
        if kind == "paragraph":
            self.text(block.get("text") or "")
        elif kind == "list":
            for item in block.get("items") or []:
                self.paragraph(_clean(item), style="List Bullet")
        elif kind == "note":
            self.text(block.get("text") or "", style="Report Note")
        elif kind == "table":
            self.table(block)
        elif kind == "chart":
            self.chart(block)
        elif kind == "narrative":
            self.paragraph(_clean(block.get("label") or ""), style="Narrative Label")
            self.text(block.get("text") or "–")

    def section(self, section: Section, parent_level: int) -> None:
        level = level_of(section, parent_level)
        self.paragraph(_clean(section["heading"]), style=f"Heading {level}")
        for block in section.get("blocks") or []:
            self.block(block)
        for child in section.get("sections") or []:
            self.section(child, level)

    def title_page(self) -> None:
        content = self.content
        for _line in range(6):
            self.paragraph()
        self.paragraph(_clean(content["title"]), style="Title")
        if content.get("subtitle"):
            self.paragraph(_clean(content["subtitle"]), style="Subtitle")
        unit = content.get("unit")
        if unit:
            paragraph = self.paragraph()
            paragraph.add_run(_clean(unit.get("name") or unit.get("code") or "")).bold = True
        if content.get("status_line"):
            self.paragraph(_clean(content["status_line"]))
        self.paragraph(_clean(generated_line(content)))
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        """A TOC field whose shown result is the list of headings (Word replaces it with
        page numbers when the field is updated, which it is asked to do on opening)."""
        self.paragraph(_("Contents"), style="TOC Heading")
        items = headings(self.content)
        first = self.paragraph(style="TOC 1")
        _field_start(first, 'TOC \\o "1-3" \\h \\z \\u')
        if not items:
            first.add_run(_("Update the field to fill in the table of contents."))
            _field_end(first)
            return
        paragraph = first
        for index, item in enumerate(items):
            if index:
                paragraph = self.paragraph(style=f"TOC {item.level}")
            else:
                first._p.style = self.style_id(f"TOC {item.level}")
            paragraph.add_run(_clean(item.text))
        _field_end(paragraph)
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(content: Content) -> bytes:
    """The report as a .docx file's bytes."""
    with translation.override(language_code(content)):
        document = Document()
        _styles(document)
        _set_language(document, language_tag(content))
        _properties(document, content)
        _page(document, content)
        writer = _Writer(document, content)
        writer.title_page()
        writer.contents()
        for section in content["sections"]:
            writer.section(section, 0)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
