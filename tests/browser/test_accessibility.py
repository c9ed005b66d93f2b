"""axe-core finds nothing on any page state of any shipped form, in any shipped language.

The pages are filled through the browser context's own HTTP client (same cookies as
the page), then each state is opened in Chromium and checked: start, every question
page, the same page with its errors, check answers, declaration and confirmation.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from kiosk.services.offices import contrast_ratio

from ..journeys import JOURNEYS
from ..samples import JOURNEY_DOCUMENTS
from .journey import answer_page, upload_documents

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()


def violations(page) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found = results.response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
    ]


def check(page, url: str, problems: list[str], action=None) -> None:
    if action is None:
        page.goto(url)
    else:
        action()
    problems += [f"{page.url} [{page.title()}]: {v}" for v in violations(page)]


@pytest.mark.parametrize("slug", sorted(JOURNEYS))
def test_every_page_state_passes_axe_in_every_language(page, live_server, live_app, slug):
    problems: list[str] = []
    for language in live_app.config["LANGUAGES"]:
        base = live_server
        check(page, f"{base}/forms/{slug}/?lang={language}", problems)
        page.locator("form.start-form button[type=submit]").first.click()
        for page_id, data in JOURNEYS[slug]:
            url = f"{base}/forms/{slug}/{page_id}"
            check(page, url, problems)
            check(
                page,
                url,
                problems,
                action=lambda: page.locator("button.button[value=continue]").click(),
            )
            answer_page(page, base, f"/forms/{slug}/{page_id}", data)
        if JOURNEY_DOCUMENTS[slug]:
            check(page, f"{base}/forms/{slug}/documents", problems)
            check(
                page,
                f"{base}/forms/{slug}/documents",
                problems,
                action=lambda: page.locator("button.button[value=continue]").click(),
            )
            upload_documents(page, base, slug, JOURNEY_DOCUMENTS[slug])
            check(page, f"{base}/forms/{slug}/documents", problems)  # with files listed
        check(page, f"{base}/forms/{slug}/check", problems)
        assert "/check" in page.url, f"journey for {slug} did not reach check answers"
        check(page, f"{base}/forms/{slug}/declaration", problems)
        check(
            page,
            f"{base}/forms/{slug}/declaration",
            problems,
            action=lambda: page.locator("main form button[type=submit]").click(),
        )
        page.check("#confirm")
        if page.locator("#signature").count():
            page.fill("#signature", "Test Resident")
        page.locator("main form button[type=submit]").click()
        assert page.locator("[data-reference]").count() == 1
        check(page, page.url, problems, action=lambda: None)
    assert not problems, "\n".join(problems)


def test_every_other_page_passes_axe_in_every_language(page, live_server, live_app):
    problems: list[str] = []
    for language in live_app.config["LANGUAGES"]:
        check(page, f"{live_server}/?lang={language}", problems)
        for path in (
            "/help",
            "/contact",
            "/settings",
            "/resume",
            "/forms/no-such-form/",
            "/forms/housing-assistance/checklist",
            "/forms/housing-assistance/checklist/questions",
            "/verify",
            "/status",
            "/provide",
            "/forms/records-request/exit",
            "/forms/records-request/feedback/thanks",
        ):
            check(page, live_server + path, problems)
        page.goto(f"{live_server}/resume")
        check(
            page,
            page.url,
            problems,
            action=lambda: page.locator("main form button[type=submit]").click(),
        )
        page.goto(f"{live_server}/forms/parking-permit/")
        page.locator("form.start-form button[type=submit]").first.click()
        page.locator("button.button[value=save]").click()
        assert "/saved" in page.url
        check(page, page.url, problems, action=lambda: None)
    assert not problems, "\n".join(problems)


def test_the_display_settings_pass_axe_too(page, live_server):
    """Larger text and the high-contrast theme (white and yellow on black), in English
    and in Arabic: the header's name and language links must stay readable."""
    problems: list[str] = []
    page.goto(f"{live_server}/settings?lang=en")
    page.check("input[name=text_size][value=large]")
    page.check("input[name=contrast][value=high]")
    page.locator("main form button[type=submit]").click()
    for language in ("en", "ar"):
        check(page, f"{live_server}/?lang={language}", problems)
        check(page, f"{live_server}/contact", problems)
        page.goto(f"{live_server}/forms/parking-permit/")
        check(page, page.url, problems, action=lambda: None)
        page.locator("form.start-form button[type=submit]").first.click()
        check(page, page.url, problems, action=lambda: None)
        check(
            page,
            page.url,
            problems,
            action=lambda: page.locator("button.button[value=continue]").click(),
        )
    assert page.locator("body.contrast-high.text-large").count() == 1
    assert not problems, "\n".join(problems)
    # axe leaves text in the colour of its background to a person to review: measure it.
    for selector in (".site-header__agency", ".language-switcher a"):
        assert header_contrast(page, selector) >= 4.5, selector


def header_contrast(page, selector: str) -> float:
    colours = page.eval_on_selector(
        selector,
        """element => [getComputedStyle(element).color,
            getComputedStyle(document.querySelector('.site-header')).backgroundColor]""",
    )
    text, background = (rgb_to_hex(colour) for colour in colours)
    return contrast_ratio(text, background)


def rgb_to_hex(css: str) -> str:
    """`rgb(255, 255, 255)` -> `#ffffff`."""
    red, green, blue = (int(part) for part in css[css.index("(") + 1 : -1].split(",")[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


LONG_EMAIL = "mohammed.abdulrahman.al-sayed@university-hospital.example"


@pytest.mark.parametrize("text_size", ["standard", "large"])
def test_every_page_reflows_on_a_320_px_screen(browser, live_server, text_size):
    """WCAG 1.4.10: at 320 CSS px nothing makes the page scroll sideways (a file input
    once did, and a long email address in large text), on the public pages and every
    step of every form, in the standard and the large text size."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server}/settings")
    page.locator(f"#text_size-{text_size}").check()
    page.locator("main form button[type=submit]").click()
    too_wide = []

    def measure(path: str) -> None:
        page.goto(live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{path}: {width} px")

    for path in (
        "/",
        "/contact",
        "/help",
        "/settings",
        "/resume",
        "/status",
        "/provide",
        "/verify",
    ):
        measure(path)
    for slug in sorted(JOURNEYS):
        measure(f"/forms/{slug}/checklist")
        measure(f"/forms/{slug}/")
        page.locator("form.start-form button[type=submit]").first.click()
        for page_id, data in JOURNEYS[slug]:
            measure(f"/forms/{slug}/{page_id}")
            if "email" in data:
                data = {**data, "email": LONG_EMAIL}
            answer_page(page, live_server, f"/forms/{slug}/{page_id}", data)
        for step in ("documents", "check", "declaration"):
            measure(f"/forms/{slug}/{step}")
    context.close()
    assert not too_wide, too_wide
