"""JavaScript only enhances: what a resident with a browser sees on top of plain HTML."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _start(page, live_server, slug="parking-permit"):
    page.goto(f"{live_server}/forms/{slug}/")
    page.get_by_role("button", name="Start now").click()


def test_error_summary_takes_focus_after_a_failed_submit(page, live_server):
    _start(page, live_server)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the new page
    # kiosk.js is deferred: wait for it to move the focus rather than racing it
    page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
    page.get_by_role("link", name="Enter your full name").click()
    assert page.evaluate("document.activeElement.id") == "full_name"


def test_follow_up_question_appears_only_when_its_answer_is_chosen(page, live_server):
    _start(page, live_server)
    page.fill("#full_name", "Amira Haddad")
    page.fill("#email", "amira@example.com")
    page.get_by_role("button", name="Continue", exact=True).click()
    page.fill("#home_address-line1", "12 Orchard Row")
    page.fill("#home_address-town", "Exampleton")
    page.fill("#home_address-postcode", "EX1 2AB")
    page.fill("#moved_in-day", "27")
    page.fill("#moved_in-month", "3")
    page.fill("#moved_in-year", "2021")
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue", exact=True).click()

    page.wait_for_url("**/forms/parking-permit/company-vehicle")
    other = page.locator("#relationship_other")
    # kiosk.js is deferred: wait for it to hide the follow-up rather than racing it
    expect(other).to_be_hidden()
    page.get_by_label("Another reason").check()
    expect(other).to_be_visible()
    # the sentence saying when it applies is for pages read without JavaScript
    assert page.locator("[data-applies-when]").count() == 1
    expect(page.locator("[data-applies-when]")).to_be_hidden()
    page.get_by_label("I lease them").check()
    expect(other).to_be_hidden()


def test_pressing_enter_in_a_group_continues_rather_than_removing_an_item(page, live_server):
    _start(page, live_server)
    page.goto(f"{live_server}/forms/parking-permit/vehicles")
    page.fill("#vehicles-0-registration", "AB12 CDE")
    page.get_by_role("button", name="Add another vehicle").click()
    assert page.locator("#vehicles-1-registration").count() == 1
    page.locator("#vehicles-0-registration").press("Enter")
    # Enter submits "Continue": the page is validated, no vehicle is removed
    assert page.locator("#vehicles-1-registration").count() == 1
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the new page
