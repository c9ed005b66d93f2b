"""A kiosk visit in the browser: the receipt's idle wipe, larger text, the on-screen
keyboard in landscape, and touch-sized upload controls on the documents step."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ..journeys import JOURNEYS
from .test_kiosk import enrolled  # noqa: F401  (fixture)

PARKING = "parking-permit"
RECORDS = "records-request"


def answer_through(context, live_server: str, path: str, data: dict) -> None:
    """Post a page as its form would, in the kiosk's own session (cookies shared)."""
    page = context.request.get(f"{live_server}{path}").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    posted = context.request.post(
        f"{live_server}{path}", form={**data, "csrf_token": token}, max_redirects=0
    )
    assert posted.status in (302, 303), (path, posted.status)


def begin(context, live_server: str, slug: str) -> None:
    start = context.request.get(f"{live_server}/forms/{slug}/").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
    context.request.post(
        f"{live_server}/forms/{slug}/start", form={"csrf_token": token}, max_redirects=0
    )


def fill_pages(context, live_server: str, slug: str, pages) -> None:
    begin(context, live_server, slug)
    for page_id, data in pages:
        answer_through(
            context, live_server, f"/forms/{slug}/{page_id}", {**data, "action": "continue"}
        )


def font_size(page, selector: str) -> float:
    return page.locator(selector).first.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )


def test_the_receipt_warns_then_wipes_when_left_alone(enrolled, live_server):  # noqa: F811
    context, page = enrolled
    fill_pages(context, live_server, RECORDS, JOURNEYS[RECORDS])
    answer_through(context, live_server, f"/forms/{RECORDS}/declaration", {"confirm": "y"})
    page.clock.install()
    page.goto(f"{live_server}/kiosk/forms/{RECORDS}/receipt")
    assert page.evaluate("document.body.hasAttribute('data-kiosk')")
    dialog = page.get_by_role("alertdialog", name="Do you need more time?")
    assert dialog.is_hidden()
    page.clock.run_for(91_000)
    assert dialog.is_visible()
    with page.expect_navigation(url="**/kiosk/"):
        page.clock.run_for(31_000)
    page.goto(f"{live_server}/forms/{RECORDS}/confirmation")  # "Back", for the next person
    assert "/confirmation" not in page.url and page.locator("[data-reference]").count() == 0


def test_the_receipts_finish_button_ends_the_visit(enrolled, live_server):  # noqa: F811
    context, page = enrolled
    fill_pages(context, live_server, RECORDS, JOURNEYS[RECORDS])
    answer_through(context, live_server, f"/forms/{RECORDS}/declaration", {"confirm": "y"})
    page.goto(f"{live_server}/kiosk/forms/{RECORDS}/receipt")
    finish = page.get_by_role("button", name="Finish", exact=True)
    assert finish.bounding_box()["height"] >= 44
    finish.tap()
    page.wait_for_url("**/kiosk/")
    page.goto(f"{live_server}/forms/{RECORDS}/confirmation")
    assert page.locator("[data-reference]").count() == 0


def test_larger_text_is_larger_at_the_kiosk(enrolled, live_server):  # noqa: F811
    context, page = enrolled
    page.goto(f"{live_server}/kiosk/")
    before = {s: font_size(page, s) for s in ("body", ".kiosk-service__summary", "main .button")}
    page.get_by_role("link", name="Larger text or high contrast").tap()
    page.locator("label[for=text_size-large]").tap()
    with page.expect_navigation(url=f"{live_server}/kiosk/"):
        page.get_by_role("button", name="Save settings").tap()
    after = {s: font_size(page, s) for s in before}
    for selector, size in before.items():
        assert after[selector] > size * 1.1, (selector, size, after[selector])


def test_in_landscape_the_keyboard_never_covers_the_field(enrolled, live_server):  # noqa: F811
    context, page = enrolled
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server}/settings?next=/kiosk/")
    page.locator("label[for=text_size-large]").tap()
    page.locator("label[for=contrast-high]").tap()
    with page.expect_navigation(url=f"{live_server}/kiosk/"):
        page.get_by_role("button", name="Save settings").tap()
    begin(context, live_server, PARKING)
    page.goto(f"{live_server}/forms/{PARKING}/about-you")
    keyboard = page.locator("#osk")
    for field in ("#full_name", "#email", "#phone", "#full_name"):
        page.locator(field).tap()
        assert keyboard.is_visible()
        box, top = page.locator(field).bounding_box(), keyboard.bounding_box()["y"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= top, (field, box, top)
        keyboard.get_by_role("button", name="Close the keyboard").tap()


def test_upload_controls_are_touch_sized_and_go_for_a_clerk(enrolled, live_server):  # noqa: F811
    context, page = enrolled
    fill_pages(context, live_server, PARKING, JOURNEYS[PARKING])
    page.goto(f"{live_server}/forms/{PARKING}/documents")
    chooser = page.locator("#file-proof_of_address")
    assert chooser.bounding_box()["height"] >= 44
    button = chooser.evaluate(
        "element => { const s = getComputedStyle(element, '::file-selector-button');"
        " return parseFloat(s.minHeight) || parseFloat(s.height); }"
    )
    assert button >= 44
    page.get_by_role("button", name="I will hand it to a clerk – Proof of address").tap()
    expect(page.get_by_text("You will hand this document to a clerk")).to_be_visible()
    assert page.locator("#file-proof_of_address").count() == 0
    assert page.locator("#file-proof_of_address-camera").count() == 0
    page.reload()  # the page as the server sends it, as without JavaScript
    assert page.locator("#file-proof_of_address").count() == 0
