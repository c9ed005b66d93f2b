"""A resident completes a form with the keyboard alone: Tab, typing, Space and Enter."""

from __future__ import annotations


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}")


def test_records_request_can_be_completed_with_the_keyboard_alone(page, live_server):
    page.goto(f"{live_server}/forms/records-request/")
    tab_to(page, "form.start-form button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/your-request")

    tab_to(page, "#service_area")
    page.keyboard.type("Planning")
    tab_to(page, "#request_details")
    page.keyboard.type("Inspection reports for the Mill Lane footbridge since 2020.")
    tab_to(page, "button.button[value=continue]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/your-details")

    tab_to(page, "#full_name")
    page.keyboard.type("Tran Thi Mai")
    tab_to(page, "#requester_type-0")
    page.keyboard.press("Space")
    tab_to(page, "#email")
    page.keyboard.type("mai@example.com")
    page.keyboard.press("Enter")  # Enter in a text box submits "Continue"
    page.wait_for_url("**/how-we-reply")

    tab_to(page, "#preferred_format-0")
    page.keyboard.press("Space")
    tab_to(page, "button.button[value=continue]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/check")
    assert "Planning and building control" in page.inner_text("main")

    tab_to(page, "a.button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/declaration")
    tab_to(page, "#confirm")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/confirmation")
    assert page.locator("[data-reference]").get_attribute("data-reference").startswith("FOI-")


def test_skip_link_is_the_first_stop_and_moves_to_the_main_content(page, live_server):
    page.goto(f"{live_server}/forms/parking-permit/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
