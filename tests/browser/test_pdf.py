"""The confirmation page offers the PDF when the job has made it, without a reload."""

from __future__ import annotations

import threading

from sqlalchemy import select

from kiosk import jobs
from kiosk.extensions import db
from kiosk.models import Submission

from .journey import answer_every_page

SLUG = "records-request"


def run_job(app, submission_id: int) -> None:
    with app.app_context():
        jobs.make_submission_pdf.call_local(submission_id)


def test_the_download_appears_by_itself_when_the_pdf_is_ready(page, live_server, live_app):
    jobs.queue.immediate = False  # queue the job for real, and run it ourselves below
    try:
        answer_every_page(page, live_server, SLUG)
        page.goto(f"{live_server}/forms/{SLUG}/declaration")
        page.check("#confirm")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/confirmation")
        assert page.locator("[data-pdf-status=pending]").is_visible()
        page.evaluate("window.sameDocument = true")
        reference = page.locator("[data-reference]").get_attribute("data-reference")
        with live_app.app_context():
            submission_id = db.session.scalar(
                select(Submission.id).where(Submission.reference == reference)
            )
        # What the worker runs, in a thread of its own as in the worker (Playwright's event
        # loop runs in this one, and signing runs its own loop).
        worker = threading.Thread(target=run_job, args=(live_app, submission_id))
        worker.start()
        worker.join()
        link = page.get_by_role("link", name="Download your PDF")
        link.wait_for()
        assert page.evaluate("window.sameDocument") is True
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"{reference}.pdf"
    finally:
        jobs.queue.flush()
        jobs.queue.immediate = True


def test_a_signature_drawn_with_the_mouse_signs_the_declaration(page, live_server, live_app):
    from ..samples import JOURNEY_DOCUMENTS
    from .journey import upload_documents

    slug = "parking-permit"
    answer_every_page(page, live_server, slug)
    upload_documents(page, live_server, slug, JOURNEY_DOCUMENTS[slug])
    page.goto(f"{live_server}/forms/{slug}/declaration")
    page.check("#confirm")
    canvas = page.locator("[data-signature-pad] canvas")
    assert canvas.is_visible()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(
            box["x"] + 20 + step * 15, box["y"] + box["height"] * (0.3 + (step % 4) / 10)
        )
    page.mouse.up()
    assert page.locator("input[name=signature_image]").input_value().startswith("data:image/png")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/confirmation")
    reference = page.locator("[data-reference]").get_attribute("data-reference")
    with live_app.app_context():
        stored = db.session.scalar(select(Submission).where(Submission.reference == reference))
        assert stored.declaration["signature"]["method"] == "drawn"
