"""Small documents written for the tests, in every supported format, and broken ones."""

from __future__ import annotations

import io
import zipfile

AGREEMENT = (
    "PEACE AGREEMENT BETWEEN THE GOVERNMENT AND THE MOVEMENT\n"
    "\n"
    "Preamble\n"
    "\n"
    "Recalling Security Council resolution 1325 (2000) and the Convention on the Elimination "
    "of All Forms of Discrimination against Women,\n"
    "\n"
    "Article 1 – Participation\n"
    "\n"
    "1.1 The Parties shall ensure that women make up at least thirty per cent of the "
    "Implementation Commission.\n"
    "1.2 Women's organisations shall be consulted on the transitional justice mechanism.\n"
    "\n"
    "Article 2 – Protection\n"
    "\n"
    "The Parties shall prevent and punish rape and all other forms of sexual violence.\n"
    "\n"
    "Article 3\n"
    "\n"
    "All citizens are equal before the law without distinction as to race, colour, sex, "
    "language or religion.\n"
)

DRAFT_TWO = (
    AGREEMENT.replace("at least thirty per cent", "at least forty per cent").replace(
        "Article 2 – Protection\n\nThe Parties shall prevent and punish rape and all other "
        "forms of sexual violence.\n",
        "Article 2 – Protection\n\nThe Parties shall protect civilians.\n",
    )
    + "\nArticle 4\n\nFemale ex-combatants shall benefit from the reintegration programme.\n"
)


def make_pdf(
    pages: list[str], *, catalog_extra: str = "", raw_pages: list[bytes] | None = None
) -> bytes:
    """A minimal PDF with one text line per page (hand-built: no PDF library writes text)."""
    objects: list[bytes] = []
    streams = raw_pages or [
        ("BT /F1 12 Tf 72 720 Td (" + text.replace("(", "").replace(")", "") + ") Tj ET").encode(
            "latin-1"
        )
        for text in pages
    ]
    n = len(streams)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>".encode())
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    font = 3 + 2 * n
    for i, stream in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_of(objects)


def pdf_of(objects: list[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF written byte by byte from its numbered objects, with a correct xref table."""
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(["Women shall participate."]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(
    paragraphs: list[str], *, numbered: bool = False, extra: dict[str, bytes] | None = None
) -> bytes:
    """A minimal .docx; with ``numbered`` the paragraphs use Word's automatic numbering."""
    num = (
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        if numbered
        else ""
    )
    body = "".join(f"<w:p>{num}<w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    )
    numbering = (
        f'<w:numbering xmlns:w="{_W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/numbering.xml", numbering)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx with a part that unpacks to more than the 100 MB limit (zeros pack ~1000:1)."""
    buf = io.BytesIO(make_docx(["Women"]))
    with (
        zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/media/pad.bin", "w") as fh,
    ):
        chunk = b"\0" * 1_000_000
        for _ in range(110):
            fh.write(chunk)
    return buf.getvalue()


def macro_docx() -> bytes:
    return make_docx(["Women shall participate."], extra={"word/vbaProject.bin": b"macro"})


HTML = (
    "<!doctype html><html><head><title>Speaking points</title><style>p{color:red}</style>\n"
    '<script>alert("women")</script></head><body><h1>Speaking points: open debate</h1>\n'
    "<ul><li>Norway calls for the full, equal and meaningful participation of women in the "
    "peace process.</li>\n"
    "<li>We condemn conflict-related sexual violence and call for accountability.</li></ul>"
    "</body></html>"
)
