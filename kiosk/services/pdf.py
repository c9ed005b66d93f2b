"""The submission's PDF: what the clerk prints and files, and the resident keeps.

Every answer appears under its label in the resident's language and, where the office
works in another language, in the office's language beside it. Repeating groups are
tables; the documents checklist says what was provided; uploaded images and PDFs
follow as pages; a QR code leads to the verification page. The PDF is archival
(PDF/A-3a, which is also tagged for assistive technology) and carries the answers as
`answers.json`. Uploaded PDFs are merged in afterwards, onto pages that WeasyPrint
laid out for them, so "Page 2 of 6" counts every page.

Rendering needs no request: it runs in a background job.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.support import Translations

from kiosk.formdefs import Field, FormDefinition
from kiosk.formdefs.numbers import format_money, parse_number
from kiosk.locales import formatting_locale, text_direction
from kiosk.messages import N_

from . import qr
from .documents import strict_image_decoding


@dataclass(frozen=True)
class Text:
    """One piece of text in both languages (`office` is None when they read the same)."""

    resident: str
    office: str | None = None


LONG_ANSWER = 400  # characters (both languages): a longer answer may go on to the next page


@dataclass(frozen=True)
class Row:
    label: Text
    value: Text
    ltr: bool = False

    @property
    def long(self) -> bool:
        return len(self.value.resident) + len(self.value.office or "") > LONG_ANSWER


@dataclass(frozen=True)
class Table:
    label: Text
    columns: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class Section:
    title: Text
    items: tuple[Row | Table, ...]


@dataclass(frozen=True)
class Attachment:
    """An uploaded file to append: an image on a page, or every page of a PDF."""

    title: Text
    filename: str
    content_type: str
    data: bytes
    sizes: tuple[tuple[float, float], ...] = ()

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    def data_uri(self) -> str:
        return f"data:{self.content_type};base64," + base64.b64encode(self.data).decode()


@dataclass
class Sheet:
    """Everything the PDF template needs, already translated and formatted."""

    agency: str
    resident_language: str
    office_language: str
    direction: str
    title: Text
    reference: str
    submitted: Text
    sections: list[Section]
    documents: list[Row]
    declaration: Text
    confirmed: Text
    signature: dict[str, Any] | None
    signed_at: Text | None
    verify_url: str
    qr_svg: str
    words: dict[str, Text]
    attachments: list[Attachment] = field(default_factory=list)
    footer: tuple[str, str, str] = ("", "", "")


class Language:
    """Gettext and Babel formatting for one language, outside any request."""

    def __init__(self, code: str, folder: Path, territory: str | None = None):
        self.code = code
        # numbers and dates as the language writes them in the office's country
        self.locale = formatting_locale(code, territory)
        self.translations = _translations(str(folder), code)

    def __call__(self, message: str | None, **params) -> str:
        if not message:
            return ""
        text = self.translations.ugettext(message)
        return text % params if params else text

    @property
    def direction(self) -> str:
        return text_direction(self.code)


@cache
def _translations(folder: str, code: str) -> Translations:
    return Translations.load(folder, [code])


WORDS = {
    "reference": N_("Reference"),
    "submitted": N_("Submitted"),
    "documents": N_("Documents"),
    "declaration": N_("Declaration"),
    "signature": N_("Signature"),
    "typed": N_("Typed signature"),
    "signed_at": N_("Signed"),
    "verify": N_("Check that this PDF is genuine"),
    "attachment": N_("Attached document"),
}


def build_sheet(
    form: FormDefinition,
    submission,
    uploads: Iterable,
    read: Callable[[str], bytes],
    *,
    agency: str,
    office_language: str,
    translations_folder: Path,
    verify_url: str,
    currency: str,
    territory: str | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> Sheet:
    """Translate and format a submission for the PDF template; times on the office's
    clock (`zone`), dates in its country's way (`territory`)."""
    resident = Language(submission.language, translations_folder, territory)
    office = Language(office_language, translations_folder, territory)

    def each(render: Callable[[Language], str]) -> Text:
        mine, theirs = render(resident), render(office)
        return Text(mine, None if theirs == mine else theirs)

    def both(message: str | None, **params) -> Text:
        return each(lambda lang: lang(message, **params))

    uploads = list(uploads)
    # Conditions on dates read the day the office's clock showed when it was sent.
    sent_on = submission.submitted_at.astimezone(zone).date()
    documents, attached_documents = _documents(form, submission, uploads, read, both, sent_on)
    attachments = _answer_attachments(form, submission.answers, uploads, read, both)
    attachments += attached_documents
    declaration = submission.declaration or {}
    signed_at = None
    if declaration.get("signed_at"):
        moment = dt.datetime.fromisoformat(declaration["signed_at"])
        signed_at = each(
            lambda lang: format_datetime(moment, "long", tzinfo=zone, locale=lang.locale)
        )
    return Sheet(
        agency=agency,
        resident_language=resident.code.replace("_", "-"),
        office_language=office.code.replace("_", "-"),
        direction=resident.direction,
        title=both(form.title),
        reference=submission.reference,
        submitted=each(
            lambda lang: format_datetime(
                submission.submitted_at, "long", tzinfo=zone, locale=lang.locale
            )
        ),
        sections=_answer_sections(form, submission.answers, both, each, currency, sent_on),
        documents=documents,
        declaration=both(form.declaration.text),
        confirmed=both(form.declaration.confirm),
        signature=declaration.get("signature"),
        signed_at=signed_at,
        verify_url=verify_url,
        qr_svg=qr.data_uri(verify_url),
        words={key: both(message) for key, message in WORDS.items()},
        attachments=attachments,
        footer=_footer(office),
    )


def _footer(office: Language) -> tuple[str, str, str]:
    """ "Page N of M" in the office's language, cut where the two numbers go."""
    text = office(N_("Page %(page)s of %(pages)s"), page="\x00", pages="\x01")
    before, _, rest = text.partition("\x00")
    middle, _, after = rest.partition("\x01")
    return before, middle, after


def _answer_sections(form, answers, both, each, currency, today) -> list[Section]:
    sections = []
    for page in form.pages:
        items: list[Row | Table] = []
        for q in page.fields:
            if q.id not in answers:
                continue
            if q.type == "group":
                items.append(_group_table(q, answers, both, each, currency, today))
                continue
            value = each(lambda lang, q=q: display(q, answers[q.id], lang, currency))
            items.append(Row(both(q.label), value, ltr=q.type in ("email", "phone")))
        if items:
            sections.append(Section(both(page.title), tuple(items)))
    return sections


NOT_ASKED = Text("—")  # a question of a group not asked about this item: not "Not given"


def _group_table(q: Field, answers, both, each, currency, today) -> Table:
    columns = tuple(both(sub.label) for sub in q.fields)
    rows = tuple(
        tuple(
            each(lambda lang, sub=sub, item=item: display(sub, item.get(sub.id), lang, currency))
            if q.asks_in_item(sub, item, answers, today)
            else NOT_ASKED
            for sub in q.fields
        )
        for item in answers[q.id] or []
    )
    return Table(both(q.label), columns, rows)


def _documents(
    form, submission, uploads, read, both, today: dt.date
) -> tuple[list[Row], list[Attachment]]:
    """The checklist of the documents that applied, and the files to append, in order."""
    by_document: dict[str, list] = {}
    for upload in uploads:
        if upload.document_id:
            by_document.setdefault(upload.document_id, []).append(upload)
    rows, attachments = [], []
    in_person = set(getattr(submission, "documents_in_person", None) or ())
    for requirement in form.applicable_documents(submission.answers, today):
        given = by_document.get(requirement.id, [])
        provided = Text(", ".join(u.filename for u in given)) if given else None
        if provided is None and requirement.id in in_person:
            provided = both(N_("To be handed to a clerk at the office"))
        rows.append(Row(both(requirement.name), provided or both(N_("Not provided"))))
        for upload in given:
            data = read(upload.storage_key)
            attachments.append(_attachment(both(requirement.name), upload, data))
    return rows, attachments


def _answer_attachments(form, answers, uploads, read, both) -> list[Attachment]:
    """The files uploaded in answer to `file` questions (in groups too), in form order."""
    by_key = {upload.storage_key: upload for upload in uploads if not upload.document_id}
    attachments = []
    for q, answer in _file_answers(form, answers):
        for item in answer or []:
            upload = by_key.get(item.get("key")) if isinstance(item, dict) else None
            if upload is not None:
                attachments.append(_attachment(both(q.label), upload, read(upload.storage_key)))
    return attachments


def _file_answers(form, answers):
    """(question, answer) of every answered `file` question, in a group's items too."""
    for page in form.pages:
        for q in page.fields:
            if q.type == "file":
                yield q, answers.get(q.id)
            elif q.type == "group":
                for item in answers.get(q.id) or []:
                    yield from ((sub, item.get(sub.id)) for sub in q.fields if sub.type == "file")


def _attachment(title: Text, upload, data: bytes) -> Attachment:
    sizes: tuple[tuple[float, float], ...] = ()
    if upload.content_type == "application/pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        sizes = tuple((float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages)
    return Attachment(title, upload.filename, upload.content_type, data, sizes)


def display(q: Field, answer: Any, lang: Language, currency: str) -> str:
    """An answer as the resident reads it, in `lang`."""
    if answer in (None, "", [], {}):
        return lang(N_("Not given"))
    shown = DISPLAY.get(q.type)
    return shown(q, answer, lang, currency) if shown else str(answer)


def _date(q, answer, lang, currency) -> str:
    try:
        return format_date(dt.date.fromisoformat(answer), "long", locale=lang.locale)
    except ValueError:
        return str(answer)


def _amount(q, answer, lang, currency) -> str:
    if q.type == "money":
        return format_money(answer, q.currency or currency, lang.locale)
    amount = parse_number(answer)
    return str(answer) if amount is None else format_decimal(amount, locale=lang.locale)


DISPLAY: dict[str, Callable[[Field, Any, Language, str], str]] = {
    "choice": lambda q, answer, lang, currency: lang(q.choice_label(answer)),
    "yesno": lambda q, answer, lang, currency: lang("Yes") if answer == "yes" else lang("No"),
    "multichoice": lambda q, answer, lang, currency: ", ".join(
        lang(q.choice_label(item)) for item in answer
    ),
    "date": _date,
    "money": _amount,
    "number": _amount,
    "address": lambda q, answer, lang, currency: "\n".join(v for v in answer.values() if v),
    "file": lambda q, answer, lang, currency: ", ".join(i.get("filename", "") for i in answer),
}


def answers_document(form: FormDefinition, submission) -> str:
    """The answers as submitted, attached to the PDF as `answers.json`."""
    return json.dumps(
        {
            "reference": submission.reference,
            "form": {"slug": form.slug, "version": form.version},
            "language": submission.language,
            "channel": submission.channel,
            "submitted_at": submission.submitted_at.isoformat(),
            "answers": submission.answers,
            "declaration": submission.declaration,
        },
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
        default=str,
    )


PLACEHOLDER = re.compile(r"kiosk-attachment-(\d+)-(\d+)")


def render(sheet: Sheet, html: str, base_url: str, answers_json: str) -> bytes:
    """The PDF's bytes: WeasyPrint's PDF/A-3a, then the uploaded PDFs merged in."""
    from weasyprint import HTML
    from weasyprint import Attachment as FileAttachment

    strict_image_decoding()  # WeasyPrint's import lets Pillow accept truncated images
    document = HTML(string=html, base_url=base_url).render()
    placeholders = {}
    for number, page in enumerate(document.pages):
        for anchor, box in page.anchors.items():
            found = PLACEHOLDER.fullmatch(anchor)
            if found:
                # the mark's bottom, below the page's heading if any: CSS px to points
                top = box[3] * 0.75
                placeholders[number] = (int(found.group(1)), int(found.group(2)), top)
    pdf = document.write_pdf(
        pdf_variant="pdf/a-3a",
        attachments=[
            FileAttachment(
                string=answers_json,
                name="answers.json",
                description="The answers as submitted (JSON)",
                relationship="Data",
            )
        ],
    )
    if not placeholders:
        return pdf
    return _merge_uploaded_pdfs(pdf, sheet, placeholders)


FOOTER_BAND = 14 * 72 / 25.4  # the upload pages' bottom margin (pdf.css), in points


def _merge_uploaded_pdfs(pdf: bytes, sheet: Sheet, placeholders: dict) -> bytes:
    """Put each page of each uploaded PDF onto the page laid out for it: below its
    heading (on its first page) and above the footer, whole and upright, scaled to fit."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    sources: dict[int, PdfReader] = {}
    tops: dict[int, float] = {}  # one scale for all the pages of a document: its first's
    for attachment, _, top in placeholders.values():
        tops[attachment] = max(top, tops.get(attachment, 0.0))
    for number, (attachment, index, _) in placeholders.items():
        top = tops[attachment]
        if attachment not in sources:
            sources[attachment] = PdfReader(io.BytesIO(sheet.attachments[attachment].data))
        source = sources[attachment].pages[index]
        page = writer.pages[number]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        source_width, source_height = float(source.mediabox.width), float(source.mediabox.height)
        room = height - top - FOOTER_BAND
        scale = min(width / source_width, room / source_height)
        placed = (
            Transformation()
            .translate(-float(source.mediabox.left), -float(source.mediabox.bottom))
            .scale(scale, scale)
            .translate(
                (width - source_width * scale) / 2,
                FOOTER_BAND + room - source_height * scale,  # at the top of the room
            )
        )
        page.merge_transformed_page(source, placed, over=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
