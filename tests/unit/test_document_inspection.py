"""Every file is hostile until its bytes prove otherwise: hostile files made by the tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from kiosk.services.documents import DocumentRefused, Limits, inspect_upload

from .. import samples

ALL = ("pdf", "jpeg", "png", "heic")


def refusal(data: bytes, name: str, accept=ALL, limits: Limits | None = None) -> str:
    with pytest.raises(DocumentRefused) as caught:
        inspect_upload(data, name, accept, limits or Limits())
    return caught.value.message


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, with almost no data behind it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_png_claiming_fifty_thousand_pixels_square_is_refused_before_decoding():
    with pytest.raises(DocumentRefused) as caught:
        inspect_upload(png_claiming(50_000, 50_000), "scan.png", ALL)
    assert caught.value.message.startswith("The selected image is too large")
    assert caught.value.params == {"pixels": 2500}
    # below Pillow's own bomb limit, our lower limit still refuses it before decoding
    assert refusal(png_claiming(8000, 6000), "scan.png").startswith(
        "The selected image is too large"
    )


def test_a_gif_javascript_polyglot_is_refused():
    polyglot = b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=alert(document.cookie);//;"
    assert refusal(polyglot, "photo.gif") == (
        "The selected file is a GIF image. Upload a %(kinds)s file instead"
    )
    assert refusal(polyglot, "photo.jpg").startswith("The selected file is a GIF image")


def test_html_renamed_jpg_is_refused_as_a_web_page():
    page = b"\xef\xbb\xbf  <!DOCTYPE html><html><script>fetch('/x')</script></html>"
    assert refusal(page, "holiday.jpg").startswith("The selected file is a web page")


def test_an_executable_renamed_pdf_is_refused_as_a_program():
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100
    assert refusal(program, "invoice.pdf").startswith("The selected file is a Windows program")
    assert refusal(b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "a.pdf").startswith(
        "The selected file is a program"
    )


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="", owner_password="secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue(), "statement.pdf").startswith(
        "The selected PDF is protected with a password"
    )


def test_a_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payslip.pdf", samples.pdf())
    assert refusal(buffer.getvalue(), "payslips.zip").startswith(
        "The selected file is a compressed (zip) file or an Office document"
    )
    assert refusal(buffer.getvalue(), "payslips.pdf").startswith(
        "The selected file is a compressed"
    )


def test_an_svg_with_a_script_is_refused():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refusal(svg, "logo.png").startswith("The selected file is an SVG drawing")


def test_a_truncated_jpeg_is_refused_as_damaged():
    photo = samples.jpeg(size=(400, 300))
    assert refusal(photo[: len(photo) // 2], "photo.jpg") == (
        "The selected image is damaged and cannot be opened. Upload another copy"
    )


def test_an_empty_file_is_refused():
    assert refusal(b"", "empty.pdf") == "The selected file is empty"


def test_a_file_over_the_limit_is_refused():
    message = refusal(samples.pdf() + b" " * 2048, "big.pdf", limits=Limits(max_bytes=1024))
    assert message == "The selected file must be smaller than %(size)s MB"


def test_a_pdf_with_too_many_pages_is_refused():
    message = refusal(samples.pdf(pages=4), "long.pdf", limits=Limits(max_pdf_pages=3))
    assert message.startswith("The selected PDF has more than %(pages)s pages")


def test_a_pdf_with_javascript_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x()")}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue(), "form.pdf").startswith(
        "The selected PDF contains scripts or attached files"
    )


def test_a_pdf_with_an_attached_file_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("run.exe", b"MZ")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue(), "form.pdf").startswith(
        "The selected PDF contains scripts or attached files"
    )


def test_a_damaged_pdf_is_refused():
    assert refusal(b"%PDF-1.7\n this is not a pdf at all", "x.pdf").startswith(
        "The selected PDF is damaged"
    )


def test_the_name_must_agree_with_the_content():
    assert refusal(samples.png(), "scan.jpg") == (
        "The selected file is not really a %(kind)s. Choose a %(kinds)s file"
    )
    assert refusal(samples.pdf(), "report.docx") == "The selected file must be a %(kinds)s"
    assert refusal(samples.png(), "scan.png", accept=("pdf",)) == (
        "The selected file must be a %(kinds)s"
    )


def test_a_photo_with_gps_is_stored_without_any_metadata():
    original = samples.jpeg(size=(120, 80), exif=samples.gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    accepted = inspect_upload(original, "IMG_0001.JPG", ALL)
    stored = Image.open(io.BytesIO(accepted.data))
    assert accepted.kind == "jpeg" and accepted.content_type == "image/jpeg"
    assert not stored.getexif()
    assert b"Exif" not in accepted.data and b"PhoneMaker" not in accepted.data


def test_a_sideways_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    accepted = inspect_upload(samples.jpeg(size=(200, 100), exif=exif), "side.jpg", ALL)
    assert (accepted.width, accepted.height) == (100, 200)


def test_a_large_photo_is_scaled_down():
    accepted = inspect_upload(samples.jpeg(size=(5000, 3000)), "big.jpg", ALL)
    assert (accepted.width, accepted.height) == (2400, 1440)


def test_bytes_hidden_after_an_image_are_dropped():
    payload = b"<script>alert(1)</script>" * 10
    accepted = inspect_upload(samples.jpeg() + payload, "photo.jpg", ALL)
    assert b"<script>" not in accepted.data
    accepted = inspect_upload(samples.png() + payload, "scan.png", ALL)
    assert b"<script>" not in accepted.data


def test_good_files_are_accepted():
    pdf = samples.pdf(pages=2)
    accepted = inspect_upload(pdf, "C:\\Users\\me\\Documents\\lease.pdf", ALL)
    assert (accepted.kind, accepted.pages, accepted.filename) == ("pdf", 2, "lease.pdf")
    assert accepted.data == pdf  # a good PDF is kept as it came

    transparent = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(transparent, format="PNG")
    accepted = inspect_upload(transparent.getvalue(), "../../etc/logo.png", ALL)
    assert accepted.kind == "png" and accepted.filename == "logo.png"
    assert Image.open(io.BytesIO(accepted.data)).mode == "RGBA"


def test_a_heic_photo_becomes_a_jpeg():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(buffer, format="HEIF")
    accepted = inspect_upload(buffer.getvalue(), "IMG_0002.HEIC", ALL)
    assert accepted.kind == "jpeg" and accepted.filename == "IMG_0002.jpg"
    assert Image.open(io.BytesIO(accepted.data)).format == "JPEG"


def test_control_characters_and_long_names_are_tidied():
    accepted = inspect_upload(samples.pdf(), "bad\x00name\u202e" + "x" * 300 + ".pdf", ALL)
    assert "\x00" not in accepted.filename and "\u202e" not in accepted.filename
    assert len(accepted.filename) <= 120 and accepted.filename.endswith(".pdf")
