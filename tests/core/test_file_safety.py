"""Uploads parsed, not grepped: active content refused, metadata stripped (real files)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pikepdf
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.core import upload_files as make
from wpsdesk.core.file_safety import RefusedFile, inspect_upload, safe_upload, strip_metadata

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERSON = make.PERSON.encode()


def _all_pdf_text(data: bytes) -> bytes:
    """Every byte a PDF holds, streams unpacked: what a reader of the file could dig out."""
    chunks = [data]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:
                    chunks.append(obj.read_raw_bytes())
    return b"".join(chunks)


def _all_zip_text(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


# --- refused ---------------------------------------------------------------------------------

REFUSED: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("hex-escaped JavaScript", make.pdf_hex_escaped_javascript, ".pdf", "scripts"),
    ("hex-escaped Launch", make.pdf_hex_escaped_launch, ".pdf", "scripts"),
    ("JavaScript in an object stream", make.pdf_javascript_in_object_stream, ".pdf", "scripts"),
    ("an embedded file", make.pdf_with_embedded_file, ".pdf", "scripts"),
    ("an open action", make.pdf_with_open_action_script, ".pdf", "scripts"),
    ("a remote template", make.docx_remote_template, ".docx", "outside the file"),
    ("an OLE object", make.docx_with_ole_object, ".docx", "embedded objects"),
    ("an ActiveX control", make.docx_with_activex, ".docx", "embedded objects"),
    ("a DDE field", make.docx_with_dde_field, ".docx", "DDE"),
    ("a DDEAUTO field split over runs", make.docx_with_ddeauto_field, ".docx", "DDE"),
    ("a DDE formula", make.xlsx_with_dde_formula, ".xlsx", "DDE"),
    ("a field whose name a nested field makes", make.docx_with_computed_field_name, ".docx", "DDE"),
]


@pytest.mark.parametrize(
    ("what", "build", "ext", "message"), REFUSED, ids=[row[0] for row in REFUSED]
)
def test_active_content_is_refused_in_plain_words(
    what: str, build: Callable[[], bytes], ext: str, message: str
) -> None:
    with pytest.raises(RefusedFile) as refused:
        inspect_upload(build(), ext)
    assert message in refused.value.message
    assert refused.value.code == "active_content"


def test_a_macro_part_is_refused() -> None:
    data = make.make_docx(extra={"word/vbaProject.bin": b"\x00" * 10})
    with pytest.raises(RefusedFile, match="macros"):
        inspect_upload(data, ".docx")


def test_a_macro_enabled_content_type_is_refused() -> None:
    data = make.make_docx(
        types='<Override PartName="/word/x.xml" '
        'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
    )
    with pytest.raises(RefusedFile, match="macros"):
        inspect_upload(data, ".docx")


def test_the_refusal_is_translated_into_bokmal() -> None:
    with translation.override("nb"), pytest.raises(RefusedFile) as refused:
        inspect_upload(make.docx_remote_template(), ".docx")
    assert "utenfor filen" in refused.value.message


# --- accepted --------------------------------------------------------------------------------

ACCEPTED: list[tuple[str, Callable[[], bytes], str]] = [
    ("a clean PDF", make.clean_pdf, ".pdf"),
    ("a PDF naming its author", make.pdf_with_author, ".pdf"),
    ("a PDF whose text mentions /JavaScript", make.pdf_stream_text_mentions_javascript, ".pdf"),
    ("a clean DOCX", make.make_docx, ".docx"),
    ("a DOCX with an author", make.docx_with_author, ".docx"),
    ("a DOCX with a hyperlink and a PAGE field", make.docx_with_hyperlink_and_page_field, ".docx"),
    ("a workbook", make.xlsx_clean, ".xlsx"),
    ("a DOCX with nested ordinary fields", make.docx_with_nested_ordinary_fields, ".docx"),
    ("a DOCX with a chart's workbook", make.docx_with_chart_workbook, ".docx"),
    ("a JPEG with GPS", make.jpeg_with_gps, ".jpg"),
    ("a PNG with an author", make.png_with_text, ".png"),
]


@pytest.mark.parametrize(("what", "build", "ext"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_ordinary_files_pass(what: str, build: Callable[[], bytes], ext: str) -> None:
    clean = safe_upload(build(), ext)
    inspect_upload(clean, ext)  # what is stored passes again


# --- stripped --------------------------------------------------------------------------------


def test_a_jpeg_loses_its_gps_position_and_owner_but_keeps_its_picture() -> None:
    original = make.jpeg_with_gps()
    assert PERSON in original
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there
    clean = strip_metadata(original, ".jpg")
    assert PERSON not in clean
    assert b"Exif" not in clean and b"xmpmeta" not in clean
    image = Image.open(io.BytesIO(clean))
    assert not image.getexif()
    assert image.size == (32, 24)
    red, green, blue = image.convert("RGB").getpixel((16, 12))  # type: ignore[misc]
    assert red > 150 and green < 80 and blue < 80


def test_a_png_loses_its_text_chunks_and_exif() -> None:
    original = make.png_with_text()
    assert PERSON in original
    clean = strip_metadata(original, ".png")
    assert PERSON not in clean
    image = Image.open(io.BytesIO(clean))
    assert image.mode == "RGBA" and image.getpixel((1, 1)) == (0, 0, 255, 128)


def test_a_pdf_loses_its_info_dictionary_and_xmp() -> None:
    original = make.pdf_with_author()
    assert PERSON in _all_pdf_text(original)
    clean = strip_metadata(original, ".pdf")
    assert PERSON not in _all_pdf_text(clean)
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1


def test_a_docx_loses_its_authors_everywhere_and_keeps_its_text() -> None:
    original = make.docx_with_author()
    assert PERSON in _all_zip_text(original)
    clean = strip_metadata(original, ".docx")
    assert PERSON not in _all_zip_text(clean)
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        document = archive.read("word/document.xml")
        assert b"Six women took part" in document and b"Added later." in document
        assert b'w:author=""' in document
        assert b"dc:creator" not in archive.read("docProps/core.xml")
        assert b"Company" not in archive.read("docProps/app.xml")
        assert b"property" not in archive.read("docProps/custom.xml")
        assert b'w:author=""' in archive.read("word/comments.xml")
        # The picture inside the document lost its GPS too.
        picture = Image.open(io.BytesIO(archive.read("word/media/image1.jpeg")))
        assert not picture.getexif()
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    inspect_upload(clean, ".docx")


def test_a_workbook_loses_its_creator() -> None:
    original = make.xlsx_clean()
    assert PERSON in _all_zip_text(original)
    clean = strip_metadata(original, ".xlsx")
    assert PERSON not in _all_zip_text(clean)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(clean)).active
    assert sheet is not None and sheet["B1"].value == 12


def test_text_comes_back_as_it_was() -> None:
    assert strip_metadata(b"a,b\n1,2\n", ".csv") == b"a,b\n1,2\n"


# --- arbitrary bytes -------------------------------------------------------------------------


def _clean_error_or_bytes(data: bytes, ext: str) -> None:
    """Either clean bytes or a RefusedFile: never any other exception."""
    message = ""
    try:
        result = safe_upload(data, ext)
    except RefusedFile as refused:
        message = refused.message
        result = b""
    assert message or (isinstance(result, bytes) and result)


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".pdf", ".docx", ".xlsx", ".png", ".jpg"]))
def test_any_bytes_give_a_clean_answer(data: bytes, ext: str) -> None:
    _clean_error_or_bytes(data, ext)


@FUZZ
@given(st.integers(min_value=0, max_value=4000), st.binary(min_size=1, max_size=64))
def test_a_damaged_docx_gives_a_clean_answer(cut: int, noise: bytes) -> None:
    data = make.docx_with_author()
    cut = cut % len(data)
    _clean_error_or_bytes(data[:cut] + noise + data[cut + len(noise) :], ".docx")


@FUZZ
@given(st.integers(min_value=0, max_value=4000), st.binary(min_size=1, max_size=64))
def test_a_damaged_pdf_gives_a_clean_answer(cut: int, noise: bytes) -> None:
    data = make.pdf_with_author()
    cut = cut % len(data)
    _clean_error_or_bytes(data[:cut] + noise + data[cut + len(noise) :], ".pdf")


@FUZZ
@given(st.integers(min_value=0, max_value=2000), st.binary(min_size=1, max_size=32))
def test_a_damaged_jpeg_gives_a_clean_answer(cut: int, noise: bytes) -> None:
    data = make.jpeg_with_gps()
    cut = cut % len(data)
    _clean_error_or_bytes(data[:cut] + noise + data[cut + len(noise) :], ".jpg")


def test_a_pdf_with_a_compressed_bomb_is_checked_and_stripped_without_inflating_it() -> None:
    import time
    import zlib

    bomb = zlib.compress(bytes(64 * 1024 * 1024), 1)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = make.PERSON
    stream = pikepdf.Stream(pdf, bomb)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.Root.Bomb = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    started = time.monotonic()
    clean = safe_upload(out.getvalue(), ".pdf")
    assert time.monotonic() - started < 5
    assert len(clean) < 2 * len(out.getvalue())
    assert PERSON not in clean


def test_a_chart_workbook_inside_a_document_is_checked_and_stripped_too() -> None:
    data = make.docx_with_chart_workbook()
    assert PERSON in _all_zip_text(
        zipfile.ZipFile(io.BytesIO(data)).read("word/embeddings/Microsoft_Excel_Worksheet.xlsx")
    )
    clean = strip_metadata(data, ".docx")
    inner = zipfile.ZipFile(io.BytesIO(clean)).read(
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx"
    )
    assert PERSON not in _all_zip_text(inner)
    with pytest.raises(RefusedFile, match="DDE"):
        inspect_upload(make.docx_with_chart_workbook(make.xlsx_with_dde_formula()), ".docx")
