"""What a resident's file really is, and the safe copy of it we keep.

Every file is hostile until proven otherwise. It is identified by its bytes, never by
its name: the content must be one of the kinds the document accepts (PDF, JPEG, PNG,
HEIC) and agree with the name's extension. Kinds we recognise but never accept (web
pages, SVG, archives, Office files, programs, other image formats) are named in the
refusal so the resident knows what went wrong.

Images are opened by Pillow restricted to the format their bytes claim, checked for
size before any pixel is decoded (decompression bombs), turned upright, scaled down
and re-encoded: EXIF and GPS, colour profiles, comments and anything appended to the
file are left behind. HEIC photos become JPEG. PDFs are opened with pypdf; encrypted,
damaged, over-long or scripted ones are refused, and the bytes of a good one are kept
as they came.

Every refusal is a `DocumentRefused` whose message is a whole-sentence msgid, so the
resident reads the reason in their own language.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def N_(message: str) -> str:
    """Mark a msgid for extraction; translated where it is shown."""
    return message


class DocumentRefused(Exception):
    """Why a file was refused: `message` is a msgid, `params` fill its placeholders."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 2400
    max_pdf_pages: int = 50


@dataclass(frozen=True)
class AcceptedFile:
    kind: str
    content_type: str
    filename: str
    data: bytes
    pages: int | None = None
    width: int | None = None
    height: int | None = None


KINDS = ("pdf", "jpeg", "png", "heic")
EXTENSIONS = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "heic": (".heic", ".heif"),
}
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "heic": "HEIF"}
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"heif")

# Kinds we recognise only to refuse them, each with a sentence that names it.
DANGEROUS = (
    (
        lambda head: head.startswith((b"GIF87a", b"GIF89a")),
        N_("The selected file is a GIF image. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: head.startswith(b"MZ"),
        N_("The selected file is a Windows program. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: (
            head.startswith(b"\x7fELF")
            or head[:4] in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe")
        ),
        N_("The selected file is a program. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: head.startswith(b"#!"),
        N_("The selected file is a script. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: head.startswith(b"PK\x03\x04"),
        N_(
            "The selected file is a compressed (zip) file or an Office document. "
            "Upload a %(kinds)s file instead"
        ),
    ),
    (
        lambda head: (
            head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
            or head.lstrip().startswith(b"{\\rtf")
        ),
        N_("The selected file is an Office document. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")),
        N_("The selected file is a compressed file. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: (
            (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or head.startswith((b"II*\x00", b"MM\x00*", b"BM"))
        ),
        N_("The selected image is in a format we cannot accept. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: _markup(head) == "svg",
        N_("The selected file is an SVG drawing. Upload a %(kinds)s file instead"),
    ),
    (
        lambda head: _markup(head) == "html",
        N_("The selected file is a web page. Upload a %(kinds)s file instead"),
    ),
)


def inspect_upload(
    data: bytes, filename: str, accept: Iterable[str], limits: Limits = Limits()
) -> AcceptedFile:
    """The safe copy of `data` to store, or DocumentRefused saying why not."""
    accept = tuple(kind for kind in KINDS if kind in tuple(accept))
    kinds = _kinds_text(accept)
    if not data:
        raise DocumentRefused(N_("The selected file is empty"))
    if len(data) > limits.max_bytes:
        raise DocumentRefused(
            N_("The selected file must be smaller than %(size)s MB"),
            size=limits.max_bytes // (1024 * 1024),
        )
    actual = sniff(data)
    if actual is None:
        refusal = _recognise(data)
        if refusal is not None:
            raise DocumentRefused(refusal, kinds=kinds)
    claimed = _claimed_kind(filename)
    if claimed is None or claimed not in accept:
        raise DocumentRefused(N_("The selected file must be a %(kinds)s"), kinds=kinds)
    if actual != claimed:
        raise DocumentRefused(
            N_("The selected file is not really a %(kind)s. Choose a %(kinds)s file"),
            kind=claimed.upper(),
            kinds=kinds,
        )
    name = safe_filename(filename)
    if actual == "pdf":
        return _checked_pdf(data, name, limits)
    return _normalised_image(data, actual, name, limits)


def sniff(data: bytes) -> str | None:
    """The accepted kind these bytes begin, if any."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "heic"
    return None


def safe_filename(filename: str) -> str:
    """The name to show: no folders, no control characters, not too long."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 120:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 119 - len(extension)] + dot + extension) if dot else name[:120]
    return name or "document"


def _claimed_kind(filename: str) -> str | None:
    lowered = (filename or "").lower()
    return next((kind for kind, exts in EXTENSIONS.items() if lowered.endswith(exts)), None)


def _kinds_text(accept: tuple[str, ...]) -> str:
    return ", ".join(kind.upper() for kind in accept)


def _recognise(data: bytes) -> str | None:
    head = data[:512]
    return next((message for test, message in DANGEROUS if test(head)), None)


def _markup(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<body", b"<head", b"<!--")):
        return "html"
    return None


def _normalised_image(data: bytes, kind: str, name: str, limits: Limits) -> AcceptedFile:
    if kind == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    damaged = DocumentRefused(
        N_("The selected image is damaged and cannot be opened. Upload another copy")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(_claimed_pixels(exc, limits)) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise damaged from exc
        width, height = image.size
        if width * height > limits.max_pixels:
            raise _too_many_pixels(width * height)
        try:
            image.load()
            image = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise damaged from exc
    image.thumbnail((limits.max_side, limits.max_side))
    buffer = io.BytesIO()
    if kind == "png":
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        image.save(buffer, format="PNG", optimize=True)
        stored_kind = "png"
    else:
        image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=85, optimize=True)
        stored_kind = "jpeg"
        if kind == "heic":
            name = re.sub(r"\.(heic|heif)$", ".jpg", name, flags=re.IGNORECASE)
    return AcceptedFile(
        kind=stored_kind,
        content_type=CONTENT_TYPES[stored_kind],
        filename=name,
        data=buffer.getvalue(),
        width=image.width,
        height=image.height,
    )


def _claimed_pixels(error: Exception, limits: Limits) -> int:
    """How many pixels Pillow's own bomb check saw, from its message, else over our limit."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else limits.max_pixels + 1


def _too_many_pixels(pixels: int) -> DocumentRefused:
    return DocumentRefused(
        N_("The selected image is too large (%(pixels)s million pixels). Upload a smaller copy"),
        pixels=round(pixels / 1_000_000),
    )


def _checked_pdf(data: bytes, name: str, limits: Limits) -> AcceptedFile:
    damaged = DocumentRefused(
        N_("The selected PDF is damaged and cannot be opened. Upload another copy")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf warns about every quirk of real-world PDFs
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise DocumentRefused(
                    N_(
                        "The selected PDF is protected with a password. "
                        "Upload a copy without a password"
                    )
                )
            pages = len(reader.pages)
            scripted = _has_active_content(reader)
        except DocumentRefused:
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
            raise damaged from exc
    if pages == 0:
        raise damaged
    if pages > limits.max_pdf_pages:
        raise DocumentRefused(
            N_("The selected PDF has more than %(pages)s pages. Upload only the pages we need"),
            pages=limits.max_pdf_pages,
        )
    if scripted:
        raise DocumentRefused(
            N_(
                "The selected PDF contains scripts or attached files. "
                "Print it to a new PDF, or upload a photo or scan instead"
            )
        )
    return AcceptedFile(
        kind="pdf", content_type=CONTENT_TYPES["pdf"], filename=name, data=data, pages=pages
    )


ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm")


def _has_active_content(reader: PdfReader) -> bool:
    """JavaScript, launch actions or embedded files anywhere a viewer would run or open them."""
    catalog = reader.trailer["/Root"]
    names = _resolve(catalog.get("/Names"))
    if isinstance(names, DictionaryObject) and (
        "/JavaScript" in names or "/EmbeddedFiles" in names
    ):
        return True
    if _is_active(catalog.get("/OpenAction")) or _has_active_triggers(catalog):
        return True
    for page in reader.pages:
        if _has_active_triggers(page):
            return True
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if isinstance(annotation, DictionaryObject) and (
                _is_active(annotation.get("/A")) or _has_active_triggers(annotation)
            ):
                return True
    return False


def _has_active_triggers(holder: DictionaryObject) -> bool:
    triggers = _resolve(holder.get("/AA"))
    return isinstance(triggers, DictionaryObject) and any(
        _is_active(action) for action in triggers.values()
    )


def _is_active(action: Any, depth: int = 0) -> bool:
    action = _resolve(action)
    if not isinstance(action, DictionaryObject) or depth > 10:
        return False
    if action.get("/S") in ACTIVE_ACTIONS or "/JS" in action:
        return True
    following = _resolve(action.get("/Next"))
    if isinstance(following, list):
        return any(_is_active(item, depth + 1) for item in following)
    return _is_active(following, depth + 1)


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value
