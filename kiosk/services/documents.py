"""What a resident's file really is, and the safe copy of it we keep.

Every file is hostile until proven otherwise. It is identified by its bytes, never by
its name: the content must be one of the kinds the document accepts (PDF, JPEG, PNG,
HEIC) and agree with the name's extension. Kinds we recognise but never accept (web
pages, SVG, archives, Office files, programs, other image formats) are named in the
refusal so the resident knows what went wrong.

Images are opened by Pillow restricted to the format their bytes claim, checked for
size before any pixel is decoded (decompression bombs), turned upright, scaled down
and re-encoded into a new file: EXIF and GPS, colour profiles, comments and anything
appended to the file are left behind. HEIC photos become JPEG. PDFs cannot be cleaned
without changing what they say, so they are opened with pypdf and refused when
encrypted, damaged, too long or carrying scripts or attached files; the bytes of a good
one are kept as they came.

Every refusal is a `DocumentRefused` whose message is a whole-sentence msgid, so the
resident reads the reason in their own language.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageFile, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from kiosk.messages import N_


class DocumentRefused(Exception):
    """Why a file is refused: `message` is an English msgid (a whole sentence, translated
    by the caller with gettext), `params` fill its %(name)s placeholders."""

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
MAX_FILENAME = 120

DAMAGED_IMAGE = N_("The selected image is damaged and cannot be opened. Upload another copy")
DAMAGED_PDF = N_("The selected PDF is damaged and cannot be opened. Upload another copy")


def _starts(*prefixes: bytes):
    return lambda head: head.startswith(prefixes)


# Kinds we recognise only to refuse them, each with a sentence that names it.
NAMED_REFUSALS = (
    (
        _starts(b"GIF87a", b"GIF89a"),
        N_("The selected file is a GIF image. Upload a %(kinds)s file instead"),
    ),
    (
        _starts(b"MZ"),
        N_("The selected file is a Windows program. Upload a %(kinds)s file instead"),
    ),
    (
        # ELF, then Mach-O 32 and 64-bit in both byte orders, then a universal binary
        _starts(
            b"\x7fELF",
            b"\xfe\xed\xfa\xce",
            b"\xfe\xed\xfa\xcf",
            b"\xce\xfa\xed\xfe",
            b"\xcf\xfa\xed\xfe",
            b"\xca\xfe\xba\xbe",
        ),
        N_("The selected file is a program. Upload a %(kinds)s file instead"),
    ),
    (
        _starts(b"#!"),
        N_("The selected file is a script. Upload a %(kinds)s file instead"),
    ),
    (
        _starts(b"PK\x03\x04", b"PK\x05\x06"),
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
        _starts(b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00"),
        N_("The selected file is a compressed file. Upload a %(kinds)s file instead"),
    ),
    (
        # WebP, TIFF in both byte orders, BMP
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

# The first of these tags in a text file says whether it is a drawing or a web page.
MARKUP_TAGS = {
    b"<svg": "svg",
    b"<!doctype svg": "svg",
    b"<!doctype html": "html",
    b"<html": "html",
    b"<head": "html",
    b"<body": "html",
    b"<script": "html",
    b"<iframe": "html",
}


def inspect_upload(
    data: bytes, filename: str, accept: Iterable[str], limits: Limits = Limits()
) -> AcceptedFile:
    """The safe copy of `data` to store, or DocumentRefused saying why not."""
    accept = _accepted_kinds(accept)
    kinds = ", ".join(kind.upper() for kind in accept)
    _refuse_empty_or_too_big(data, limits)
    actual = sniff(data)
    if actual is None and (named := _named_refusal(data)) is not None:
        raise DocumentRefused(named, kinds=kinds)
    claimed = _kind_named_by(filename)
    if claimed not in accept:
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
    """The name to show: no folders, no control or direction characters, not too long."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or not 0 < len(extension) <= 10:
        stem, dot, extension = name, "", ""
    stem = stem.strip(" .")[: MAX_FILENAME - len(dot + extension)].rstrip(" .")
    return (stem or "document") + dot + extension


def _accepted_kinds(accept: Iterable[str]) -> tuple[str, ...]:
    accept = tuple(accept)
    unknown = set(accept) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown document kinds: {sorted(unknown)}")
    return tuple(kind for kind in KINDS if kind in accept)


def _refuse_empty_or_too_big(data: bytes, limits: Limits) -> None:
    if not data:
        raise DocumentRefused(N_("The selected file is empty"))
    if len(data) > limits.max_bytes:
        megabytes = round(limits.max_bytes / (1024 * 1024), 1)
        raise DocumentRefused(
            N_("The selected file must be smaller than %(size)s MB"),
            size=int(megabytes) if megabytes.is_integer() else megabytes,
        )


def _named_refusal(data: bytes) -> str | None:
    head = data[:1024]
    return next((message for matches, message in NAMED_REFUSALS if matches(head)), None)


def _markup(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\f").lower()
    if not text.startswith(b"<"):
        return None
    found = [(text.find(tag), kind) for tag, kind in MARKUP_TAGS.items() if tag in text]
    return min(found)[1] if found else None


def _kind_named_by(filename: str) -> str | None:
    lowered = (filename or "").lower()
    return next((kind for kind, exts in EXTENSIONS.items() if lowered.endswith(exts)), None)


@contextmanager
def _unreadable_as(message: str) -> Iterator[None]:
    """Refuse the file as `message` when its decoder fails.

    A decoder fails in many ways on a hostile file, so every exception counts. Its
    warnings about odd metadata are silenced (that metadata is dropped or unused), except
    Pillow's decompression bomb warning, which must stop the decoding.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except DocumentRefused:
            raise
        except Exception as exc:
            raise DocumentRefused(message) from exc


# Images


def _normalised_image(data: bytes, kind: str, name: str, limits: Limits) -> AcceptedFile:
    image = _upright_image(data, kind, limits)
    if kind == "png":
        image, stored, options = _png_pixels(image), "png", {}
    else:
        image, stored, options = _jpeg_pixels(image), "jpeg", {"quality": 85, "optimize": True}
        name = re.sub(r"\.(heic|heif)$", ".jpg", name, flags=re.IGNORECASE)
    image.thumbnail((limits.max_side, limits.max_side))
    return AcceptedFile(
        kind=stored,
        content_type=CONTENT_TYPES[stored],
        filename=name,
        data=_encoded(image, format=stored.upper(), **options),
        width=image.width,
        height=image.height,
    )


def _upright_image(data: bytes, kind: str, limits: Limits) -> Image.Image:
    """The decoded image, turned the way its EXIF orientation says; refused when it has
    too many pixels (checked before decoding) or cannot be decoded."""
    if kind == "heic":
        _enable_heif()
    strict_image_decoding()
    with _unreadable_as(DAMAGED_IMAGE):
        try:
            opened = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(_pixels_named_in(exc, limits)) from exc
        with opened as image:
            if image.width * image.height > limits.max_pixels:
                raise _too_many_pixels(image.width * image.height)
            _decode_no_larger_than_needed(image, limits.max_side)
            image.load()
            return ImageOps.exif_transpose(image)


def strict_image_decoding() -> None:
    """Make Pillow refuse truncated images, as it does by default.

    WeasyPrint sets `PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True` for the whole process
    when it is imported, which would let a cut-off photo through as grey padding. The
    images it draws into PDFs are ones this module already checked and re-encoded.
    """
    ImageFile.LOAD_TRUNCATED_IMAGES = False


@functools.cache
def _enable_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _decode_no_larger_than_needed(image: Image.Image, max_side: int) -> None:
    """A JPEG decodes at 1/2, 1/4 or 1/8 scale when that is still at least the size we
    keep (a no-op for other formats): a large photo takes a quarter of the memory."""
    scale = min(1.0, max_side / max(image.size))
    image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def _pixels_named_in(error: Exception, limits: Limits) -> int:
    """The pixel count in Pillow's bomb message, else just over our limit."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else limits.max_pixels + 1


def _too_many_pixels(pixels: int) -> DocumentRefused:
    return DocumentRefused(
        N_("The selected image is too large (%(pixels)s million pixels). Upload a smaller copy"),
        pixels=math.ceil(pixels / 1_000_000),
    )


def _jpeg_pixels(image: Image.Image) -> Image.Image:
    """RGB, with anything transparent put on white paper."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        white = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(white, image.convert("RGBA"))
    return image.convert("RGB")


def _png_pixels(image: Image.Image) -> Image.Image:
    """8-bit grey or colour, keeping transparency."""
    if image.mode.startswith("I"):  # 16-bit grey: scale to 8 bits, not clip to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "RGB", "L") and "transparency" not in image.info:
        return image
    if image.mode == "PA" or "transparency" in image.info:
        return image.convert("RGBA")
    return image.convert("L" if image.mode == "1" else "RGB")


def _encoded(image: Image.Image, **options: Any) -> bytes:
    """The image written to a new file with nothing but its pixels: Pillow would otherwise
    carry over a JPEG comment or a PNG colour profile from the file it read."""
    image.info.clear()
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


# PDFs

# Actions that run code, start programs or send data when the PDF is opened or clicked.
ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm")
ACTIVE_ANNOTATIONS = ("/FileAttachment", "/RichMedia")
# More annotations, form fields or actions than any real document has: a file made to
# keep the checks busy, refused as damaged.
MAX_PDF_OBJECTS = 100_000


def _checked_pdf(data: bytes, name: str, limits: Limits) -> AcceptedFile:
    with _unreadable_as(DAMAGED_PDF):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentRefused(
                N_(
                    "The selected PDF is protected with a password. "
                    "Upload a copy without a password"
                )
            )
        pages = len(reader.pages)
        if pages == 0:
            raise DocumentRefused(DAMAGED_PDF)
        if pages > limits.max_pdf_pages:
            raise DocumentRefused(
                N_("The selected PDF has more than %(pages)s pages. Upload only the pages we need"),
                pages=limits.max_pdf_pages,
            )
        if _has_active_content(reader):
            raise DocumentRefused(
                N_(
                    "The selected PDF contains scripts or attached files. "
                    "Print it to a new PDF, or upload a photo or scan instead"
                )
            )
    return AcceptedFile(
        kind="pdf", content_type=CONTENT_TYPES["pdf"], filename=name, data=data, pages=pages
    )


def _has_active_content(reader: PdfReader) -> bool:
    """JavaScript, launch actions, XFA forms or attached files anywhere a viewer would run
    or open them: the document's name trees and actions, pages, annotations, form fields."""
    catalog = _dictionary(reader.trailer["/Root"])
    names = _dictionary(catalog.get("/Names"))
    acroform = _dictionary(catalog.get("/AcroForm"))
    if "/JavaScript" in names or "/EmbeddedFiles" in names or "/XFA" in acroform:
        return True
    annotations = (ref for page in reader.pages for ref in _array(page.get("/Annots")))
    fields = _array(acroform.get("/Fields"))
    holders = [
        catalog,
        *reader.pages,
        *_each_once(annotations),
        *_each_once(fields, lambda field: _array(field.get("/Kids"))),
    ]
    if any(holder.get("/Subtype") in ACTIVE_ANNOTATIONS for holder in holders):
        return True
    actions = itertools.chain(
        [catalog.get("/OpenAction")],
        (holder.get("/A") for holder in holders),
        (action for holder in holders for action in _dictionary(holder.get("/AA")).values()),
    )
    return any(
        action.get("/S") in ACTIVE_ACTIONS or "/JS" in action
        for action in _each_once(actions, _next_actions)
    )


def _next_actions(action: DictionaryObject) -> Iterable[Any]:
    following = action.get("/Next")
    resolved = _resolve(following)
    return resolved if isinstance(resolved, ArrayObject) else [following]


def _each_once(
    start: Iterable[Any], following: Callable[[DictionaryObject], Iterable[Any]] = lambda _: ()
) -> Iterator[DictionaryObject]:
    """Each dictionary reachable from `start` and its `following` ones, once even when a
    hostile file loops, and no more than MAX_PDF_OBJECTS references in all."""
    pending, seen, count, done = [iter(start)], set(), 0, object()
    while pending:
        item = next(pending[-1], done)
        if item is done:
            pending.pop()
            continue
        if item is None:
            continue
        count += 1
        if count > MAX_PDF_OBJECTS:
            raise ValueError("too many objects to check")
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
        item = _dictionary(item)
        yield item
        pending.append(iter(following(item)))


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _dictionary(value: Any) -> DictionaryObject:
    value = _resolve(value)
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _array(value: Any) -> ArrayObject:
    value = _resolve(value)
    return value if isinstance(value, ArrayObject) else ArrayObject()
