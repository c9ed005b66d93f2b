"""Kiosk mode in Debian's Chromium with touch emulation: enrollment, a whole application
typed on the on-screen keyboard, the idle warning and the wipe, the handoff to a phone
through the QR code, and a receipt without personal data."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Draft, Submission
from kiosk.services import clock, terminals

SLUG = "records-request"
TOUCHSCREEN = {"viewport": {"width": 1080, "height": 1500}, "has_touch": True}


@pytest.fixture
def enrolled(browser, live_server, live_app):
    """A touchscreen context enrolled as a kiosk through its one-time link."""
    live_app.config["PUBLIC_URL"] = live_server
    with live_app.app_context():
        created = terminals.create_device(
            db.session,
            name="Lobby",
            office="Town Hall",
            default_language="en",
            now=clock.now(),
        )
    context = browser.new_context(**TOUCHSCREEN)
    page = context.new_page()
    page.goto(f"{live_server}/kiosk/enroll/{created.enrollment_token}")
    page.get_by_role("button", name="Enroll this screen").tap()
    page.wait_for_url("**/kiosk/")
    yield context, page
    context.close()


def type_on_screen(page, selector: str, text: str) -> None:
    page.locator(selector).tap()
    keyboard = page.locator("#osk")
    assert keyboard.is_visible()
    for character in text:
        name = "Space" if character == " " else character
        keyboard.get_by_role("button", name=name, exact=True).first.tap()
    assert page.locator(selector).input_value() == text


def start(page, live_server):
    page.locator(f'a.kiosk-service[href="/forms/{SLUG}/"]').tap()
    page.locator("form.start-form button[type=submit]").first.tap()
    page.wait_for_url(f"**/forms/{SLUG}/your-request")


def kiosk_cookies(context) -> list[str]:
    return sorted(cookie["name"] for cookie in context.cookies())


def test_a_whole_application_typed_on_the_on_screen_keyboard(enrolled, live_server, live_app):
    context, page = enrolled
    assert "Town Hall" in page.locator("h1").inner_text()
    start(page, live_server)
    page.select_option("#service_area", "planning")
    type_on_screen(page, "#request_details", "bridge reports from 2019")
    page.get_by_role("button", name="Continue", exact=True).tap()
    page.wait_for_url(f"**/forms/{SLUG}/your-details")
    type_on_screen(page, "#full_name", "mai tran")
    page.get_by_text("For myself", exact=True).tap()
    type_on_screen(page, "#email", "mai@example.com")
    page.get_by_role("button", name="Continue", exact=True).tap()
    page.wait_for_url(f"**/forms/{SLUG}/how-we-reply")
    page.get_by_text("By email", exact=True).tap()
    page.get_by_role("button", name="Continue", exact=True).tap()
    page.wait_for_url(f"**/forms/{SLUG}/check")
    page.locator("main form button[type=submit], main a.button").first.tap()
    page.wait_for_url(f"**/forms/{SLUG}/declaration")
    page.locator("label[for=confirm]").tap()
    page.locator("main form button[type=submit]").tap()
    page.wait_for_url(f"**/forms/{SLUG}/confirmation")
    reference = page.locator("[data-reference]").get_attribute("data-reference")
    with live_app.app_context():
        stored = db.session.scalar(select(Submission).where(Submission.reference == reference))
        assert stored.channel == "kiosk" and stored.answers["full_name"] == "mai tran"

    page.get_by_role("link", name="Print a receipt").tap()
    page.wait_for_url(f"**/kiosk/forms/{SLUG}/receipt")
    receipt = page.locator("[data-receipt]").inner_text()
    assert reference in receipt and "/status" in receipt
    assert "mai tran" not in receipt.lower() and "mai@example.com" not in receipt.lower()
    assert page.locator("[data-receipt] svg").count() == 1
    page.emulate_media(media="print")
    assert page.locator(".receipt__actions").is_hidden()


def test_the_idle_warning_then_yes_then_the_wipe(enrolled, live_server, live_app):
    context, page = enrolled
    page.clock.install()
    page.goto(f"{live_server}/kiosk/")
    start(page, live_server)
    page.select_option("#service_area", "planning")
    page.fill("#request_details", "Idle test: every report on the Mill Lane bridge.")
    page.get_by_role("button", name="Continue", exact=True).tap()
    page.wait_for_url(f"**/forms/{SLUG}/your-details")
    page.fill("#full_name", "Tran Thi Mai")
    page.evaluate("sessionStorage.setItem('left', 'behind'); localStorage.setItem('a', 'b')")
    assert "kiosk_session" in kiosk_cookies(context)

    dialog = page.get_by_role("alertdialog", name="Do you need more time?")
    page.clock.run_for(89_000)
    assert dialog.is_hidden()
    page.clock.run_for(2_000)
    assert dialog.is_visible()
    assert int(page.locator("[data-idle-countdown]").inner_text()) >= 20
    yes = page.get_by_role("button", name="Yes, I need more time")
    assert yes.evaluate("element => element === document.activeElement")
    yes.tap()
    assert dialog.is_hidden()
    assert page.locator("#full_name").input_value() == "Tran Thi Mai"

    page.clock.run_for(91_000)
    assert dialog.is_visible()
    with page.expect_navigation(url="**/kiosk/"):
        page.clock.run_for(31_000)
    assert "Town Hall" in page.locator("h1").inner_text()
    assert kiosk_cookies(context) == ["kiosk_device"]
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    with live_app.app_context():
        left = db.session.scalars(select(Draft.answers)).all()  # other tests' drafts too
        assert not any("Idle test" in str(answers) for answers in left)
    page.go_back()
    text = page.locator("body").inner_text()
    assert "Tran Thi Mai" not in text and "Mill Lane" not in text


def test_continue_on_my_phone_through_the_qr_code(enrolled, browser, live_server):
    import zxingcpp

    context, page = enrolled
    start(page, live_server)
    page.select_option("#service_area", "planning")
    page.fill("#request_details", "All inspection reports for the Mill Lane bridge.")
    page.get_by_role("button", name="Continue", exact=True).tap()
    page.wait_for_url(f"**/forms/{SLUG}/your-details")
    page.fill("#full_name", "Tran Thi Mai")  # typed on this page, not yet sent
    page.get_by_role("button", name="Continue on my phone").tap()
    expect(page.get_by_role("link", name="Continue here instead")).to_be_visible()
    shot = page.locator("[data-handoff] svg").screenshot()
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    link = found.text
    assert link.startswith(f"{live_server}/handoff/")

    phone = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True)
    mobile = phone.new_page()
    mobile.goto(link)
    mobile.wait_for_url(f"**/forms/{SLUG}/your-details")
    assert mobile.locator("[data-kiosk]").count() == 0  # an ordinary page on the phone
    assert mobile.locator("#full_name").input_value() == "Tran Thi Mai"
    mobile.goto(f"{live_server}/forms/{SLUG}/your-request")
    assert "Mill Lane" in mobile.locator("#request_details").input_value()
    phone.close()

    again = browser.new_context()
    used = again.new_page()
    used.goto(link)
    assert "does not work any more" in used.locator("h1").inner_text()
    again.close()

    page.get_by_role("button", name="Finish here").tap()
    page.wait_for_url("**/kiosk/")
    assert kiosk_cookies(context) == ["kiosk_device"]


def test_the_launchers_start_page_boots_an_incognito_chromium(
    browser, live_server, live_app, tmp_path
):
    """The page the launcher script writes, opened in a fresh (incognito) context."""
    from ..integration.test_kiosk_launcher import run_launcher

    with live_app.app_context():
        created = terminals.create_device(
            db.session, name="Entrance", office="Library", default_language="es", now=clock.now()
        )
        key = terminals.enroll(db.session, created.device, clock.now())
        device_id = created.device.id
    record, _errors = run_launcher(tmp_path, server=live_server, seconds=2)
    page_file = record / "page-0.html"
    page_file.write_text(
        page_file.read_text()
        .replace('value="7"', f'value="{device_id}"')
        .replace('value="the-device-key"', f'value="{key}"')
    )
    context = browser.new_context(**TOUCHSCREEN)
    page = context.new_page()
    context.set_offline(True)  # the kiosk is switched on before the network is up
    page.goto(page_file.as_uri())
    waiting = page.get_by_role("alert")
    expect(waiting).to_have_text(re.compile("waiting for the network"))
    page.wait_for_timeout(2500)  # it keeps trying, and stays on its own page
    assert page.url == page_file.as_uri()
    context.set_offline(False)
    page.wait_for_url(f"{live_server}/kiosk/", timeout=15_000)
    assert "Library" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "es"
    context.close()


def test_a_lost_connection_holds_the_page_until_the_server_answers(enrolled, live_server):
    context, page = enrolled
    start(page, live_server)
    offline = page.get_by_role("alertdialog", name="The connection is lost")
    context.set_offline(True)  # the browser notices: the screen comes up by itself
    offline.wait_for(state="visible")
    context.set_offline(False)
    offline.wait_for(state="hidden", timeout=15_000)

    page.select_option("#service_area", "planning")
    page.fill("#request_details", "All inspection reports for the Mill Lane bridge.")
    page.route("**/healthz", lambda route: route.abort())  # the server cannot be reached
    page.get_by_role("button", name="Continue", exact=True).tap()
    offline.wait_for(state="visible")
    assert page.url.endswith(f"/forms/{SLUG}/your-request")  # nothing was sent
    page.unroute("**/healthz")
    page.wait_for_url(f"**/forms/{SLUG}/your-details", timeout=15_000)
    assert offline.is_hidden()


def test_kiosk_screens_pass_axe(enrolled, live_server):
    from .test_accessibility import violations

    context, page = enrolled
    problems = violations(page)
    start(page, live_server)
    page.locator("#request_details").tap()
    assert page.locator("#osk").is_visible()
    problems += violations(page)
    page.clock.install()
    page.reload()
    page.clock.run_for(95_000)
    assert page.get_by_role("alertdialog").first.is_visible()
    problems += violations(page)
    assert not problems, "\n".join(problems)


SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
    'main a, main button, main input:not([type=hidden]), main select, main textarea,'
    + ' header a, header button'))
  .filter(element => element.offsetParent !== null && !element.closest('.visually-hidden'))
  .map(element => [element, element.getBoundingClientRect()])
  .filter(([element, box]) => box.width < 44 || box.height < 44)
  .map(([element, box]) => element.outerHTML.slice(0, 80) + ' ' + box.width + 'x' + box.height)"""


def test_touch_targets_are_large_and_arabic_is_typed_on_its_own_keyboard(enrolled, live_server):
    context, page = enrolled
    assert page.evaluate(SMALL_TARGETS) == []
    page.goto(f"{live_server}/kiosk/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    start(page, live_server)
    assert page.evaluate(SMALL_TARGETS) == []
    page.goto(f"{live_server}/forms/{SLUG}/your-details")
    type_on_screen(page, "#full_name", "مريم")
    assert page.locator("#osk").get_by_role("button", name="ض").count() == 1


def test_the_welcome_screens_services_are_one_column_of_equal_cards(enrolled, live_server):
    """Each service is a card as wide as the screen's column, whatever its text's length,
    and the back link's chevron sits beside its text, not above it."""
    context, page = enrolled
    widths = page.locator(".kiosk-service").evaluate_all(
        "cards => cards.map(card => card.getBoundingClientRect().width)"
    )
    assert len(widths) == 3 and max(widths) - min(widths) < 1, widths
    start(page, live_server)
    chevron_and_text = page.locator(".back-link").evaluate(
        """link => {
            const chevron = getComputedStyle(link, "::before");
            const range = document.createRange();
            range.selectNodeContents(link);
            const text = range.getBoundingClientRect();
            const top = link.getBoundingClientRect().top + parseFloat(chevron.top);
            return [top + parseFloat(chevron.height) / 2, (text.top + text.bottom) / 2];
        }"""
    )
    chevron_middle, text_middle = chevron_and_text
    assert abs(chevron_middle - text_middle) < 4, chevron_and_text
