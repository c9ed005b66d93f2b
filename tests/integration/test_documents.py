"""Documents up front: the list before starting, the readiness check, the upload step."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from kiosk.models import Submission, Upload

from .. import samples
from ..journeys import JOURNEYS
from ..support import Resident, page_text

SIGNED = {"confirm": "y", "signature": "Amira Haddad"}


def names_listed(soup) -> list[str]:
    return [li.strong.get_text(strip=True) for li in soup.select(".documents-checklist li")]


def test_the_start_page_lists_every_document_that_may_apply(resident):
    resident.get("/forms/housing-assistance/")
    soup = resident.soup()
    assert names_listed(soup) == [
        "Proof of identity",
        "Proof of income",
        "Self-employed accounts",
        "Tenancy agreement",
        "Bank statements",
        "Other evidence",
    ]
    tags = {
        li.strong.get_text(strip=True): li.select_one(".tag")
        for li in soup.select(".documents-checklist li")
    }
    assert tags["Proof of identity"] is None
    assert tags["Proof of income"].get_text(strip=True) == "only in some cases"
    assert tags["Other evidence"].get_text(strip=True) == "optional"
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main a")}
    assert links["Printable list of documents"] == "/forms/housing-assistance/checklist"
    assert "/checklist/questions" in links["Find out exactly which documents you need"]


def test_the_printable_list_has_every_document_and_a_print_button(resident):
    resident.get("/forms/parking-permit/checklist")
    soup = resident.soup()
    assert soup.h1.get_text(strip=True) == "Documents you will need"
    assert len(names_listed(soup)) == 3
    assert soup.select_one("button[data-print]").has_attr("hidden")  # shown by JavaScript


def test_the_readiness_check_asks_only_what_the_documents_depend_on(resident):
    resident.get("/forms/housing-assistance/checklist/questions")
    asked = {tag["name"] for tag in resident.soup().select("main form [name]")} - {"csrf_token"}
    assert asked == {"housing_type", "employment_status", "savings"}
    resident.post(
        "/forms/housing-assistance/checklist/questions",
        {"housing_type": "council", "employment_status": "employed", "savings": "100"},
    )
    soup = resident.soup()
    assert soup.h1.get_text(strip=True) == "The documents you need"
    assert names_listed(soup) == ["Proof of identity", "Proof of income", "Other evidence"]


def test_readiness_answers_are_not_asked_again(resident):
    resident.get("/forms/parking-permit/checklist/questions")
    resident.post("/forms/parking-permit/checklist/questions", {"keeper": "no"})
    assert names_listed(resident.soup()) == [
        "Proof of address",
        "Letter from the company that owns the vehicle",
    ]
    form = resident.soup().select_one("form.start-form")
    data = {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}
    response = resident.client.post("/forms/parking-permit/start", data=data)
    assert response.status_code == 302
    resident.get("/forms/parking-permit/keeper")
    assert resident.soup().select_one("#keeper-1").has_attr("checked")  # "No", given before


def test_the_readiness_check_shows_errors(resident):
    response = resident.post("/forms/parking-permit/checklist/questions", {})
    assert response.status_code == 200
    assert resident.soup().select_one(".error-summary") is not None


def start_and_answer(resident, slug="parking-permit"):
    resident.start(slug)
    response = resident.complete_pages(slug)
    assert response.location.endswith(f"/forms/{slug}/documents")


def test_the_upload_step_asks_for_exactly_the_documents_that_apply(resident):
    start_and_answer(resident)
    resident.get("/forms/parking-permit/documents")
    soup = resident.soup()
    headings = [h.get_text(" ", strip=True) for h in soup.select("main section h2")]
    assert headings == ["Proof of address", "Letter from the company that owns the vehicle"]
    assert soup.select_one(".caption").get_text(strip=True).startswith("Step 7 of 7")
    assert soup.select_one("#file-proof_of_address").has_attr("multiple")  # up to 2 files
    assert not soup.select_one("#file-lease_or_employer_letter").has_attr("multiple")


def test_a_missing_required_document_blocks_the_application_by_name(resident, db_session):
    start_and_answer(resident)
    response = resident.upload("parking-permit", {})
    assert response.status_code == 400
    summary = resident.soup().select_one(".error-summary")
    assert [a.get_text(strip=True) for a in summary.select("a")] == [
        "Upload your Proof of address",
        "Upload your Letter from the company that owns the vehicle",
    ]
    assert summary.select_one("a")["href"] == "#file-proof_of_address"
    # Going around the step does not help: check answers and the declaration send it back.
    assert resident.get("/forms/parking-permit/check").location.endswith("/documents")
    response = resident.post("/forms/parking-permit/declaration", SIGNED)
    assert response.location.endswith("/forms/parking-permit/documents")
    assert db_session.scalar(select(Submission)) is None


def test_uploaded_documents_are_listed_checked_and_sent(resident, db_session):
    start_and_answer(resident)
    response = resident.upload(
        "parking-permit",
        {
            "proof_of_address": [(samples.jpeg(exif=samples.gps_exif()), "bill.jpg")],
            "lease_or_employer_letter": [(samples.pdf(), "letter.pdf")],
        },
    )
    assert response.location.endswith("/forms/parking-permit/check")
    resident.get("/forms/parking-permit/check")
    rows = {
        row.dt.get_text(" ", strip=True): row.select_one(".summary-list__value").get_text(
            strip=True
        )
        for row in resident.soup().select(".summary-list__row")
    }
    assert rows["Proof of address"] == "bill.jpg"
    assert rows["Letter from the company that owns the vehicle"] == "letter.pdf"
    stored = db_session.scalars(select(Upload).where(Upload.document_id == "proof_of_address"))
    [photo] = stored.all()
    assert photo.content_type == "image/jpeg"
    resident.post("/forms/parking-permit/declaration", SIGNED)
    submission = db_session.scalar(select(Submission))
    db_session.refresh(photo)
    assert photo.submission_id == submission.id
    assert {u.document_id for u in submission.uploads} == {
        "proof_of_address",
        "lease_or_employer_letter",
    }


def test_the_stored_photo_has_no_location(resident, app, db_session):
    from kiosk.services.storage import LocalStorage

    start_and_answer(resident)
    original = samples.jpeg(exif=samples.gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the photo has GPS
    resident.upload("parking-permit", {"proof_of_address": [(original, "bill.jpg")]}, "upload-x")
    upload = db_session.scalar(select(Upload).where(Upload.document_id == "proof_of_address"))
    stored = LocalStorage(app.config["UPLOAD_FOLDER"]).read(upload.storage_key)
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert b"PhoneMaker" not in stored


def test_files_go_back_only_to_the_session_that_uploaded_them(app, resident, db_session):
    start_and_answer(resident)
    resident.upload(
        "parking-permit",
        {"lease_or_employer_letter": [(samples.pdf(), "l.pdf")]},
        "upload-lease_or_employer_letter",
    )
    upload = db_session.scalar(select(Upload))
    url = f"/forms/parking-permit/documents/{upload.id}"
    response = resident.client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"%PDF-")
    stranger = app.test_client()
    assert stranger.get(url).status_code == 404


def test_remove_and_replace(resident, db_session):
    start_and_answer(resident)
    letter = "lease_or_employer_letter"
    resident.upload("parking-permit", {letter: [(samples.pdf(), "first.pdf")]}, f"upload-{letter}")
    resident.upload(
        "parking-permit", {letter: [(samples.pdf(2), "second.pdf")]}, f"upload-{letter}"
    )
    [kept] = db_session.scalars(select(Upload).where(Upload.document_id == letter)).all()
    assert kept.filename == "second.pdf"  # one file allowed: the new one replaces the old
    resident.upload("parking-permit", {}, f"remove-{kept.id}")
    assert db_session.scalars(select(Upload)).all() == []


def test_a_refused_file_says_why_in_the_residents_language(resident):
    resident.get("/forms/parking-permit/?lang=es")
    start_and_answer(resident)
    response = resident.upload(
        "parking-permit",
        {"proof_of_address": [(b"<html><script>x</script>", "bill.jpg")]},
        "upload-proof_of_address",
    )
    assert response.status_code == 400
    summary = resident.soup().select_one(".error-summary").get_text(" ", strip=True)
    assert summary.startswith("Hay un problema bill.jpg:")
    assert "The selected file" not in summary


def test_an_answer_that_adds_a_document_sends_the_resident_to_upload_it(resident):
    start_and_answer(resident)
    resident.upload(
        "parking-permit",
        {
            "proof_of_address": [(samples.png(), "bill.png")],
            "lease_or_employer_letter": [(samples.pdf(), "letter.pdf")],
        },
    )
    resident.get("/forms/parking-permit/keeper?change=1")
    response = resident.answer("parking-permit", "keeper", {"keeper": "yes", "return_to": "check"})
    assert response.location.endswith("/forms/parking-permit/check")
    response = resident.get("/forms/parking-permit/check")
    assert response.location.endswith("/forms/parking-permit/documents")
    resident.get("/forms/parking-permit/documents")
    headings = [h.get_text(" ", strip=True) for h in resident.soup().select("main section h2")]
    assert "Vehicle registration certificate" in headings


def test_files_together_have_a_limit(app, resident):
    app.config["MAX_APPLICATION_BYTES"] = 3000
    start_and_answer(resident)
    big = samples.png(size=(300, 300), colour=(1, 2, 3))
    noisy = Image.effect_noise((200, 200), 100).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    response = resident.upload(
        "parking-permit",
        {"proof_of_address": [(big, "a.png"), (buffer.getvalue(), "b.png")]},
        "upload-proof_of_address",
    )
    assert response.status_code == 400
    assert "Your files together must be smaller than" in page_text(response)


def test_start_again_deletes_the_files_of_the_abandoned_application(app, resident, db_session):
    from kiosk.services.storage import LocalStorage

    start_and_answer(resident)
    resident.upload(
        "parking-permit",
        {"proof_of_address": [(samples.png(), "bill.png")]},
        "upload-proof_of_address",
    )
    upload = db_session.scalar(select(Upload))
    storage = LocalStorage(app.config["UPLOAD_FOLDER"])
    assert storage.exists(upload.storage_key)
    resident.post("/forms/parking-permit/start", {"fresh": "1"})
    assert not storage.exists(upload.storage_key)
    assert db_session.scalars(select(Upload)).all() == []


def test_expired_drafts_lose_their_documents(app, resident, db_session, runner):
    import datetime as dt

    from kiosk.models import Draft
    from kiosk.services.storage import LocalStorage

    start_and_answer(resident)
    resident.upload(
        "parking-permit",
        {"proof_of_address": [(samples.png(), "bill.png")]},
        "upload-proof_of_address",
    )
    key = db_session.scalar(select(Upload.storage_key))
    draft = db_session.scalar(select(Draft))
    draft.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    db_session.commit()
    result = runner.invoke(args=["drafts", "purge"])
    assert "1 expired draft(s) deleted" in result.output
    assert not LocalStorage(app.config["UPLOAD_FOLDER"]).exists(key)
    assert db_session.scalars(select(Upload)).all() == []


def test_forms_without_documents_go_straight_to_check_answers(resident):
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        response = resident.answer("records-request", page_id, data)
    assert response.location.endswith("/forms/records-request/check")
    assert resident.get("/forms/records-request/documents").location.endswith("/check")


def test_documents_can_live_in_s3_compatible_storage(app, resident, db_session, s3_settings):
    client = s3_settings.pop("client")
    app.config.update(s3_settings)
    start_and_answer(resident)
    resident.upload(
        "parking-permit",
        {"proof_of_address": [(samples.png(), "bill.png")]},
        "upload-proof_of_address",
    )
    upload = db_session.scalar(select(Upload))
    stored = client.get_object(Bucket=s3_settings["S3_BUCKET"], Key=f"uploads/{upload.storage_key}")
    assert stored["Body"].read().startswith(b"\x89PNG")
    response = resident.client.get(f"/forms/parking-permit/documents/{upload.id}")
    assert response.data.startswith(b"\x89PNG")
    resident.post("/forms/parking-permit/start", {"fresh": "1"})
    listed = client.list_objects_v2(Bucket=s3_settings["S3_BUCKET"])
    assert listed.get("KeyCount", 0) == 0


def test_files_larger_together_than_a_request_may_carry_get_a_way_back(make_app):
    app = make_app(MAX_APPLICATION_BYTES=200_000)
    assert app.config["MAX_CONTENT_LENGTH"] == 200_000 + 1024 * 1024  # every file at once
    resident = Resident(make_app(MAX_CONTENT_LENGTH=100_000).test_client())
    start_and_answer(resident)
    big = b"%PDF-1.4\n" + b"0" * 150_000
    response = resident.upload("parking-permit", {"proof_of_address": [(big, "scan.pdf")]})
    assert response.status_code == 413
    assert "The file is too large" in page_text(response)
    back = resident.soup().find("a", string="Go back and choose other files")
    assert back["href"] == "/forms/parking-permit/documents"
