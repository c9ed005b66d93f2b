"""The sealed PDF: made by a job after submitting, checked with pyHanko and poppler."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.models import Submission

from .. import samples
from ..journeys import JOURNEYS
from ..support import break_the_seal

pytestmark = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils missing")

SLUG = "parking-permit"


def submit_parking_permit(resident, language="en", name="Amira Haddad", photo=None, letter=None):
    resident.get(f"/forms/{SLUG}/?lang={language}")
    resident.start(SLUG)
    for page_id, data in JOURNEYS[SLUG]:
        answers = {**data, "full_name": name} if page_id == "about-you" else data
        assert resident.answer(SLUG, page_id, answers).status_code == 302, page_id
    response = resident.upload(
        SLUG,
        {
            "proof_of_address": [(photo or samples.jpeg(size=(800, 600)), "council-tax.jpg")],
            "lease_or_employer_letter": [
                (
                    letter
                    or samples.pdf_with_text("Lease letter page one", "Lease letter page two"),
                    "l.pdf",
                )
            ],
        },
    )
    assert response.location.endswith("/check")
    response = resident.post(f"/forms/{SLUG}/declaration", {"confirm": "y", "signature": name})
    assert response.location.endswith("/confirmation")
    return resident.get(response.location)


def download(resident) -> bytes:
    response = resident.client.get(f"/forms/{SLUG}/confirmation/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response.data


def run(command: list[str], data: bytes, tmp_path, name="sub.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    to_stdout = ["-"] if command[0] == "pdftotext" else []
    return subprocess.run(
        [*command, str(path), *to_stdout], capture_output=True, text=True, check=False
    ).stdout


def test_the_confirmation_offers_the_sealed_pdf(resident, db_session, tmp_path, app):
    submit_parking_permit(resident)
    link = resident.soup().select_one(f"a[href='/forms/{SLUG}/confirmation/pdf']")
    assert link is not None, resident.soup().select_one(".pdf-status")
    assert "Download your PDF" in link.get_text()
    pdf = download(resident)
    submission = db_session.scalar(select(Submission))
    assert submission.pdf_status == "ready"
    assert submission.pdf_sha256 == hashlib.sha256(pdf).hexdigest()

    from kiosk.pdfs import trust_roots
    from kiosk.services.signing import check_seal

    with app.app_context():
        roots = trust_roots(app)
    seal = check_seal(pdf, roots)
    assert seal.valid and seal.intact and seal.trusted and seal.whole_document
    assert seal.sealed_by == "City of Example seal"  # not "Organization: …, Common Name: …"

    report = run(["pdfsig"], pdf, tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report

    flipped = bytearray(pdf)
    flipped[len(flipped) // 2] ^= 0x01
    assert not check_seal(bytes(flipped), roots).valid
    assert "Signature is Valid" not in run(["pdfsig"], bytes(flipped), tmp_path, "bad.pdf")


def test_the_pdf_is_archival_with_embedded_fonts_numbered_pages_and_the_documents(
    resident, tmp_path
):
    submit_parking_permit(resident)
    pdf = download(resident)
    fonts = run(["pdffonts"], pdf, tmp_path).splitlines()[2:]
    assert fonts and all(" yes " in line.split("Type")[-1] or "yes" in line for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column

    reader = PdfReader(io.BytesIO(pdf))
    attached = reader.attachments["answers.json"][0]
    assert b'"full_name": "Amira Haddad"' in attached
    assert b"pdfaid" in reader.xmp_metadata.stream.get_data()
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog  # tagged
    text = run(["pdftotext", "-layout"], pdf, tmp_path)
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Proof of address" in text and "council-tax.jpg" in text
    assert "Amira Haddad" in text and "AB12 CDE" in text
    # the uploaded 2-page letter became the last two pages, under the page numbers
    assert "Lease letter page one" in reader.pages[-2].extract_text()
    assert "Lease letter page two" in reader.pages[-1].extract_text()
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()


def test_an_arabic_submission_reads_in_arabic_beside_english(resident, tmp_path):
    submit_parking_permit(resident, language="ar", name="مريم خليل")
    pdf = download(resident)
    text = run(["pdftotext"], pdf, tmp_path)
    assert "مريم خليل" in text  # the answer, in Arabic
    assert "رقم الهاتف" in text  # a label, in Arabic ...
    assert "Phone number" in text  # ... and beside it in the office's language
    fonts = run(["pdffonts"], pdf, tmp_path)
    assert "Arabic" in fonts


def test_the_verify_page_and_command_tell_a_good_pdf_from_a_changed_one(
    resident, client, runner, tmp_path
):
    submit_parking_permit(resident)
    pdf = download(resident)
    reference = resident.soup().find(attrs={"data-reference": True})["data-reference"]

    page = client.get(f"/verify?reference={reference}")
    assert page.status_code == 200
    token = resident.soup  # the checking client parses the page
    from ..checking_client import csrf_token_in

    data = {"csrf_token": csrf_token_in(page.get_data(as_text=True)), "reference": reference}
    response = client.post(
        "/verify",
        data={**data, "pdf": (io.BytesIO(pdf), "mine.pdf")},
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert "The seal is intact" in text and f"reference {reference}" in text
    flipped = bytearray(pdf)
    flipped[len(flipped) // 2] ^= 0x01
    response = client.post(
        "/verify",
        data={**data, "pdf": (io.BytesIO(bytes(flipped)), "changed.pdf")},
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert "The seal is broken" in text and "we do not keep a PDF exactly like this" in text
    assert token

    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(pdf)
    bad.write_bytes(bytes(flipped))
    result = runner.invoke(args=["verify", str(good)])
    assert result.exit_code == 0 and "seal: VALID" in result.output
    assert f"on record:     {reference}" in result.output
    result = runner.invoke(args=["verify", str(bad)])
    assert result.exit_code == 1 and "seal: NOT VALID" in result.output

    # where no database is set up (a clerk's laptop), the seal is still checked
    from kiosk import create_app

    elsewhere = create_app(  # the same seal (in the instance folder), no database tables
        {
            "INSTANCE_PATH": client.application.instance_path,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        }
    )
    result = elsewhere.test_cli_runner().invoke(args=["verify", str(good)])
    assert "on record:     unknown - the database cannot be read" in result.output
    assert "intact:        yes" in result.output


def last_pdf_attempt(app, db_session, submission) -> None:
    """The worker's last attempt at the submission's PDF."""
    from kiosk.extensions import db
    from kiosk.pdfs import produce_or_record_failure

    with app.app_context():
        produce_or_record_failure(db.session, app, submission.id, final_attempt=True)
    db_session.refresh(submission)


def test_a_failed_pdf_is_recorded_and_shown_and_can_be_retried(
    app, resident, db_session, monkeypatch, staff_client
):
    break_the_seal(monkeypatch)
    submit_parking_permit(resident)
    submission = db_session.scalar(select(Submission))
    assert submission.pdf_status in ("pending", "failed")
    assert "the seal key is unreadable" in submission.pdf_error
    last_pdf_attempt(app, db_session, submission)
    assert submission.pdf_status == "failed"
    page = resident.get(f"/forms/{SLUG}/confirmation")
    assert "We could not make the PDF copy" in page.get_data(as_text=True)
    assert resident.client.get(f"/forms/{SLUG}/confirmation/pdf").status_code == 404
    clerk = staff_client()
    detail = clerk.get(f"/staff/submissions/{submission.reference}").get_data(as_text=True)
    assert "could not be made: tell your administrator" in detail  # not the code "failed"
    assert "the seal key is unreadable" in detail

    monkeypatch.undo()
    runner = app.test_cli_runner()
    assert "1 PDF(s) queued" in runner.invoke(args=["pdfs", "retry"]).output
    db_session.refresh(submission)
    assert submission.pdf_status == "ready"


def test_a_drawn_signature_signs_and_appears_in_the_pdf(resident, db_session, tmp_path):
    from ..unit.test_signatures import canvas

    resident.get(f"/forms/{SLUG}/")
    resident.start(SLUG)
    for page_id, data in JOURNEYS[SLUG]:
        resident.answer(SLUG, page_id, data)
    resident.upload(
        SLUG,
        {
            "proof_of_address": [(samples.png(), "bill.png")],
            "lease_or_employer_letter": [(samples.pdf(), "letter.pdf")],
        },
    )
    refused = resident.post(
        f"/forms/{SLUG}/declaration",
        {"confirm": "y", "signature_image": "data:image/png;base64,xx"},
    )
    assert refused.status_code == 200
    assert "Type your full name to sign" in resident.soup().select_one(".error-summary").get_text()

    response = resident.post(
        f"/forms/{SLUG}/declaration", {"confirm": "y", "signature_image": canvas()}
    )
    assert response.location.endswith("/confirmation")
    submission = db_session.scalar(select(Submission).where(Submission.form_slug == SLUG))
    assert submission.declaration["signature"]["method"] == "drawn"
    assert submission.declaration["signature"]["image"].startswith("data:image/png;base64,")
    pdf = download(resident)
    images = run(["pdfimages", "-list"], pdf, tmp_path).splitlines()[2:]
    assert any("smask" in line for line in images)  # the drawing, with its transparency


def test_the_seal_carries_a_timestamp_when_a_server_is_configured(tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from kiosk.services import signing

    from ..timestamp_server import timestamp_server

    identity = signing.development_seal(tmp_path / "seal", "City of Example")
    with timestamp_server() as (url, served):
        sealed = signing.seal_pdf(samples.pdf_with_text("A letter"), identity, timestamp_url=url)
    assert served == ["application/timestamp-query"]
    signature = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    unsigned = signature.signer_info["unsigned_attrs"]
    assert "signature_time_stamp_token" in [a["type"].native for a in unsigned]  # PAdES B-T
    assert signing.check_seal(sealed, list(identity.chain_pem)).valid
    assert "Signature is Valid" in run(["pdfsig"], sealed, tmp_path)


def test_production_seals_load_from_pkcs12_or_pem(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509 import load_pem_x509_certificate

    from kiosk.services import signing

    made = signing.development_seal(tmp_path / "made", "City of Example")
    key = serialization.load_pem_private_key(made.key_pem, None)
    bundle = pkcs12.serialize_key_and_certificates(
        b"seal",
        key,
        load_pem_x509_certificate(made.certificate_pem),
        [load_pem_x509_certificate(made.chain_pem[0])],
        serialization.BestAvailableEncryption(b"secret"),
    )
    (tmp_path / "seal.p12").write_bytes(bundle)
    from_p12 = signing.seal_from_files(pkcs12_file=tmp_path / "seal.p12", password="secret")
    from_pem = signing.seal_from_files(
        key_file=tmp_path / "made" / "seal.key",
        cert_file=tmp_path / "made" / "seal.crt",
        chain_file=tmp_path / "made" / "ca.crt",
    )
    for identity in (from_p12, from_pem):
        sealed = signing.seal_pdf(samples.pdf(), identity)
        assert signing.check_seal(sealed, list(made.chain_pem)).valid


def test_a_chinese_submission_is_rendered_with_a_chinese_font(resident, tmp_path):
    submit_parking_permit(resident, language="zh_Hans", name="王小明")
    pdf = download(resident)
    assert "王小明" in run(["pdftotext"], pdf, tmp_path)
    assert "CJK" in run(["pdffonts"], pdf, tmp_path)


def test_the_declaration_and_its_signature_share_a_page_each_language_on_its_own_line(
    resident, tmp_path
):
    submit_parking_permit(resident, language="es", name="Ana García")
    pdf = download(resident)
    pages = [
        run(["pdftotext", "-layout", "-f", str(n), "-l", str(n)], pdf, tmp_path)
        for n in range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1)
    ]
    [signed] = [text for text in pages if "Ana García" in text and "Firma escrita" in text]
    assert "Declaro que vivo en la dirección" in signed  # what was signed, on the same page
    lines = [line.strip() for line in signed.splitlines()]
    assert any(line.startswith("Firmada: ") for line in lines)  # each label by its own value
    assert any(line.startswith("Signed: ") for line in lines)
    assert not any("FirmadaSigned" in line for line in lines)
    assert "☑ Confirmo que la información" in signed  # the tick begins each language's line
    assert "☑ I confirm that the information" in signed
    attachment = next(text for text in pages if "Documento adjunto" in text)
    assert "Documento adjunto: Justificante de domicilio" in attachment
    assert "Attached document: Proof of address" in attachment


def test_an_admin_sees_pdfs_that_could_not_be_made_and_makes_them_again(
    app, resident, db_session, monkeypatch, staff_client
):
    from bs4 import BeautifulSoup

    from kiosk.models import AuditEvent

    break_the_seal(monkeypatch)
    submit_parking_permit(resident)
    submission = db_session.scalar(select(Submission))
    last_pdf_attempt(app, db_session, submission)
    assert submission.pdf_status == "failed"

    admin = staff_client("admin")
    page = BeautifulSoup(admin.get("/staff/deliveries").get_data(as_text=True), "html.parser")
    row = page.find(attrs={"data-failed-pdf": submission.reference})
    assert row is not None and "the seal key is unreadable" in row.get_text()
    assert "1 failed" in page.select_one(".staff-bar").get_text()  # the badge counts it
    headings = [h.get_text(strip=True) for h in page.select("main h1, main h2")]
    assert len(headings) == len(set(headings)), headings  # no heading said twice

    monkeypatch.undo()  # the administrator mends the seal
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    made = admin.post(
        f"/staff/submissions/{submission.reference}/pdf/again", data={"csrf_token": token}
    )
    assert made.status_code == 302
    page = admin.get(made.location).get_data(as_text=True)
    assert "The PDF is being made again." in page
    assert f'data-failed-pdf="{submission.reference}"' not in page
    db_session.refresh(submission)
    assert submission.pdf_status == "ready"
    actions = db_session.scalars(select(AuditEvent.action)).all()
    assert "pdf-again" in actions


def submit_records_request(resident, document=None, details=None) -> bytes:
    """A records request, with `document` ((bytes, name)) uploaded on its first question page;
    the sealed PDF's bytes."""
    slug = "records-request"
    resident.start(slug)
    for page_id, data in JOURNEYS[slug]:
        if page_id == "your-request":
            data = {**data, "request_details": details or data["request_details"]}
            if document:
                data["supporting_document"] = (io.BytesIO(document[0]), document[1])
        response = resident.answer(slug, page_id, data, content_type="multipart/form-data")
        assert response.status_code == 302, page_id
    assert resident.post(f"/forms/{slug}/declaration", {"confirm": "y"}).status_code == 302
    response = resident.client.get(f"/forms/{slug}/confirmation/pdf")
    assert response.status_code == 200
    return response.data


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        run(["pdftotext", "-layout", "-f", str(n), "-l", str(n)], pdf, tmp_path)
        for n in range(1, pages + 1)
    ]


def words_on_page(pdf: bytes, number: int, tmp_path) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of every word on page `number`, from the top of the page."""
    from bs4 import BeautifulSoup

    html = run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number)], pdf, tmp_path)
    return [
        (word.get_text(), float(word["ymin"]), float(word["ymax"]))
        for word in BeautifulSoup(html, "html.parser").find_all("word")
    ]


QUESTION = "Upload a document that helps explain your request"


def test_a_pdf_uploaded_on_a_question_page_is_appended_under_its_heading(resident, tmp_path):
    letter = samples.pdf_with_text("Bridge letter page one", "Bridge letter page two")
    pdf = submit_records_request(resident, (letter, "letter.pdf"))
    pages = page_texts(pdf, tmp_path)
    total = len(pages)
    assert total >= 3 and "letter.pdf" in pages[0]  # the answers, then the letter's two pages
    first, second = pages[-2], pages[-1]
    assert "Bridge letter page one" in first and "Bridge letter page two" in second
    assert f"Attached document: {QUESTION}" in first and "letter.pdf" in first
    assert "Attached document" not in second  # the heading once, on the document's first page
    assert f"Page {total} of {total}" in second
    # the heading, the letter and the page number do not overlap on the first page
    words = words_on_page(pdf, total - 1, tmp_path)
    heading = max(bottom for word, top, bottom in words if word in ("Attached", "letter.pdf"))
    letter_top = min(top for word, top, bottom in words if word == "Bridge")
    letter_bottom = max(bottom for word, top, bottom in words if word == "Bridge")
    footer = min(top for word, top, bottom in words if word == "Page")
    assert heading < letter_top and letter_bottom < footer
    assert "Signature is Valid" in run(["pdfsig"], pdf, tmp_path)


def test_a_photo_uploaded_on_a_question_page_is_appended_as_a_page(resident, tmp_path):
    pdf = submit_records_request(resident, (samples.jpeg(size=(800, 600)), "bill.jpg"))
    pages = page_texts(pdf, tmp_path)
    assert len(pages) >= 2
    assert f"Attached document: {QUESTION}" in pages[-1] and "bill.jpg" in pages[-1]
    images = run(["pdfimages", "-list", "-f", str(len(pages))], pdf, tmp_path).splitlines()[2:]
    assert any(line.split()[3:5] == ["800", "600"] for line in images), images


def test_a_long_answer_starts_on_the_first_page_and_short_answers_stay_whole(resident, tmp_path):
    sentence = "Inspection reports, emails and contracts about the Mill Lane footbridge. "
    details = "Please send " + sentence * 31  # about 2,300 characters
    pdf = submit_records_request(resident, details=details)
    pages = page_texts(pdf, tmp_path)
    first = " ".join(pages[0].split())
    assert "Describe the information you want" in first and "Please send Inspection" in first
    assert len(pages) == 2  # the answer flows on; it does not leave page 1 empty
    for page in pages:  # a short answer is not cut from its label
        if "Tran Thi Mai" in page:
            assert "Full name" in page


def test_an_attached_pdf_keeps_its_page_size_after_an_attached_photo(resident, tmp_path):
    from weasyprint import HTML

    landscape = HTML(
        string="<style>@page { size: A5 landscape }</style><p>Landscape lease letter</p>"
    ).write_pdf()
    submit_parking_permit(resident, letter=landscape)  # a photo first, then this PDF
    pdf = download(resident)
    pages = page_texts(pdf, tmp_path)
    last = len(pages)
    assert "Landscape lease letter" in pages[-1]
    assert "Attached document: Letter from the company that owns the vehicle" in pages[-1]
    assert "Attached document: Proof of address" in pages[-2]  # the photo's page
    size = run(["pdfinfo", "-f", str(last), "-l", str(last)], pdf, tmp_path)
    assert "595.28 x 419.53 pts" in size or "595.276 x 419.528 pts" in size, size


def test_the_pdf_writes_times_on_the_offices_clock_in_its_countrys_way(
    resident, db_session, tmp_path
):
    from zoneinfo import ZoneInfo

    submit_parking_permit(resident)
    text = " ".join(run(["pdftotext", "-raw"], download(resident), tmp_path).split())
    submission = db_session.scalar(select(Submission))
    local = submission.submitted_at.astimezone(ZoneInfo("Europe/London"))
    assert f"{local.day} {local:%B %Y}, {local:%H:%M}" in text  # 29 November 2026, 08:15
    assert local.tzname() in text and "UTC" not in text
