"""The upload step in a real browser: uploads with a progress bar, drag and drop, previews,
the camera on touch screens, and refusals that take the focus."""

from __future__ import annotations

import base64

from playwright.sync_api import expect

from .. import samples
from .journey import answer_every_page

SLUG = "parking-permit"


def at_upload_step(page, live_server) -> None:
    answer_every_page(page, live_server, SLUG)
    page.goto(f"{live_server}/forms/{SLUG}/documents")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads


def test_an_upload_shows_progress_and_a_preview_without_leaving_the_page(page, live_server):
    at_upload_step(page, live_server)
    page.set_input_files(
        "#file-proof_of_address",
        files=[{"name": "bill.png", "mimeType": "image/png", "buffer": samples.png()}],
    )
    page.locator("button[value=upload-proof_of_address]").click()
    listed = page.locator(".uploaded-file", has_text="bill.png")
    listed.wait_for()
    assert page.evaluate("window.sameDocument") is True
    preview = listed.locator("img.uploaded-file__preview")
    expect(preview).to_have_js_property("complete", True)  # the preview loads after the list
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 40
    assert page.locator("[data-upload-status]").text_content() == "Your files were uploaded"


def test_a_file_dropped_on_the_document_is_uploaded(page, live_server):
    at_upload_step(page, live_server)
    pdf = base64.b64encode(samples.pdf()).decode()
    page.evaluate(
        """(pdf) => {
          const bytes = Uint8Array.from(atob(pdf), c => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], "letter.pdf", {type: "application/pdf"}));
          const zone = document.querySelector("#file-lease_or_employer_letter")
            .closest("[data-drop-zone]");
          zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
          zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        pdf,
    )
    page.locator(".uploaded-file", has_text="letter.pdf").wait_for()
    assert page.evaluate("window.sameDocument") is True


def test_a_refused_file_is_explained_and_takes_the_focus(page, live_server):
    at_upload_step(page, live_server)
    page.set_input_files(
        "#file-proof_of_address",
        files=[{"name": "bill.jpg", "mimeType": "image/jpeg", "buffer": b"<html>hi</html>"}],
    )
    page.locator("button[value=upload-proof_of_address]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "bill.jpg: The selected file is a web page" in summary.text_content()
    page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Error: ")


def test_continue_without_a_required_document_names_it(page, live_server):
    at_upload_step(page, live_server)
    page.locator("button.button[value=continue]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "Upload your Proof of address" in summary.text_content()


def test_continue_after_uploading_goes_to_the_check_page_and_its_address(page, live_server):
    at_upload_step(page, live_server)
    for document, name in (("proof_of_address", "bill.png"), ("lease_or_employer_letter", "l.png")):
        page.set_input_files(
            f"#file-{document}",
            files=[{"name": name, "mimeType": "image/png", "buffer": samples.png()}],
        )
        page.locator(f"button[value=upload-{document}]").click()
        page.locator(".uploaded-file", has_text=name).wait_for()
        # the focus stays with the document just uploaded, not the top of the page
        expect(page.locator(f"#file-{document}-title")).to_be_focused()
    assert page.evaluate("window.sameDocument") is True  # uploads stayed on the page
    page.locator("button.button[value=continue]").click()
    expect(page).to_have_url(f"{live_server}/forms/{SLUG}/check")
    expect(page.locator("h1")).to_have_text("Check your answers before sending your application")
    page.go_back()
    expect(page).to_have_url(f"{live_server}/forms/{SLUG}/documents")


def test_the_camera_button_appears_only_on_touch_screens(browser, live_server):
    desktop = browser.new_context(viewport={"width": 1000, "height": 900})
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        for context, shown in ((desktop, False), (phone, True)):
            page = context.new_page()
            at_upload_step(page, live_server)
            camera = page.locator("#file-proof_of_address-camera")
            assert camera.get_attribute("capture") == "environment"
            assert camera.is_visible() is shown
    finally:
        desktop.close()
        phone.close()


def test_the_checklist_can_be_printed(page, live_server):
    page.goto(f"{live_server}/forms/housing-assistance/checklist")
    button = page.get_by_role("button", name="Print this list")
    assert button.is_visible()
    page.evaluate("window.print = () => { window.printed = true }")
    button.click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".documents-checklist").is_visible()
