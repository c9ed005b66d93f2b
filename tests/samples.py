"""Small real files made on the spot for upload tests: images with Pillow, PDFs with pypdf."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter


def png(size=(40, 30), colour=(30, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(size=(64, 48), exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    image.save(buffer, format="JPEG", **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def gps_exif() -> Image.Exif:
    """EXIF that says where a photo was taken (GPS IFD, tag 0x8825)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 40.0)}  # latitude, longitude
    )
    return exif


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# The documents each journey in journeys.py needs (the conditions taken as there).
JOURNEY_DOCUMENTS = {
    "parking-permit": ["proof_of_address", "lease_or_employer_letter"],
    "housing-assistance": ["proof_of_identity", "proof_of_income", "tenancy_agreement"],
    "records-request": [],
}


def pdf_with_text(*pages: str) -> bytes:
    """A PDF whose pages carry these words (made with WeasyPrint), to find them again."""
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">{text}</p>' for text in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()
