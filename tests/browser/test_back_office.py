"""A clerk in a real browser: signs in, filters the inbox, opens a submission, changes its
status, prints a batch; axe finds nothing on the back-office pages."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import StaffUser
from kiosk.services import clock, staff

from ..journeys import JOURNEYS
from .journey import answer_every_page
from .test_accessibility import violations

PASSWORD = "correct horse battery staple"


def make_staff(app, email="browser-clerk@example.gov", role="clerk", name="Bea Clerk"):
    with app.app_context():
        if not db.session.scalar(select(StaffUser).where(StaffUser.email == email)):
            staff.create_user(
                db.session, email=email, name=name, role=role, password=PASSWORD, now=clock.now()
            )
    return email


def enter_password(page, email: str) -> None:
    """On the sign-in page: sign in as `email` and land in the inbox."""
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/")


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/staff/sign-in")
    enter_password(page, email)


def submit(page, base, slug="records-request") -> str:
    answer_every_page(page, base, slug)
    page.goto(f"{base}/forms/{slug}/declaration")
    page.check("#confirm")
    page.locator("main form button[type=submit]").click()
    return page.locator("[data-reference]").get_attribute("data-reference")


def test_a_clerk_works_a_submission(browser, live_server, live_app):
    resident = browser.new_context()
    reference = submit(resident.new_page(), live_server)
    resident.close()
    email = make_staff(live_app)

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems = []
    page.goto(f"{live_server}/staff/")
    assert "/staff/sign-in" in page.url
    problems += violations(page)
    enter_password(page, email)
    problems += violations(page)

    page.fill("#q", reference)
    page.select_option("#status", "received")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(f"**/staff/submissions/{reference}")
    problems += violations(page)
    assert "seal intact" in page.locator("main").inner_text()

    page.select_option("#status-select", "in_review")
    page.get_by_role("button", name="Save", exact=True).click()  # without the note it needs
    summary = page.locator("[data-error-summary]")
    assert "Write a note saying why the status changes" in summary.inner_text()
    assert summary.evaluate("e => e === document.activeElement")
    assert page.locator("#status-select").input_value() == "in_review"  # kept
    problems += violations(page)
    with page.expect_response("**/staff/still-here") as still_here:
        page.fill("#note", "Sent to the planning team")  # typing keeps the clerk signed in
    assert still_here.value.status == 204
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**/staff/submissions/{reference}")
    assert "Sent to the planning team" in page.locator("main").inner_text()
    assert page.locator("[data-saved]").inner_text() == "Status changed to In review"
    assert "In review" in page.locator("h1").inner_text()
    problems += violations(page)
    assert not problems, "\n".join(problems)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/staff/sign-in?reason=signed-out")
    assert "You have signed out." in page.locator("main").inner_text()
    context.close()

    # The resident then sees the new status, with the reference and their email address.
    resident = browser.new_context()
    page = resident.new_page()
    page.goto(f"{live_server}/status")
    page.fill("#reference", reference)
    page.fill("#email", dict(JOURNEYS["records-request"])["your-details"]["email"])
    page.get_by_role("button", name="Check progress").click()
    assert page.locator("[data-status]").get_attribute("data-status") == "in_review"
    assert "In review" in page.locator("main").inner_text()
    resident.close()


def test_the_admin_pages_pass_axe(browser, live_server, live_app):
    email = make_staff(live_app, "axe@example.gov", role="admin", name="Axe Admin")
    resident = browser.new_context()
    submit(resident.new_page(), live_server)
    resident.close()
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, email)
    problems = []
    for path in (
        "/staff/insights?form=records-request",
        "/staff/deliveries",
        "/staff/audit",
        "/staff/users",
        "/staff/users/new",
    ):
        page.goto(live_server + path)
        problems += violations(page)
    page.goto(f"{live_server}/staff/insights?form=records-request")
    assert page.locator("svg#chart-funnel[role=img]").count() == 1
    assert not problems, "\n".join(problems)
    context.close()


def test_a_clerk_prints_several_submissions_at_once(browser, live_server, live_app):
    resident = browser.new_context()
    references = [submit(resident.new_page(), live_server) for _ in range(2)]
    resident.close()
    email = make_staff(live_app)

    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server, email)
    page.get_by_role("link", name="Select all on this page").click()
    for reference in references:
        assert page.get_by_label(f"Select {reference}").is_checked()
    with (
        context.expect_event(
            "response", lambda response: response.url.endswith("/staff/print")
        ) as printed,
        context.expect_page() as batch_tab,
    ):
        page.get_by_role("button", name="Print the selected submissions").click()
    response = printed.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    # (Its pages are checked in tests/integration/test_back_office.py; here the browser
    # opens the PDF in a new tab to print, and the inbox marks both as printed.)

    batch_tab.value.close()  # printed: back to the inbox, which shows it without a reload
    page.bring_to_front()
    page.wait_for_url(lambda url: "select=" not in url)
    page.wait_for_load_state()
    for reference in references:
        assert not page.get_by_label(f"Select {reference}").is_checked()
        row = page.locator("tr", has=page.get_by_role("link", name=reference))
        assert "Printed" in row.inner_text()
    context.close()


def test_back_office_pages_fit_a_phone_and_their_tables_scroll(browser, live_server, live_app):
    """At 360 px no back-office page scrolls sideways; a wide table scrolls in its own
    box, which the keyboard can reach (axe checks it is focusable and named)."""
    resident = browser.new_context()
    submit(resident.new_page(), live_server)
    resident.close()
    email = make_staff(live_app, "phone-admin@example.gov", role="admin", name="Pat Admin")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, live_server, email)
    box = page.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table scrolls inside it
    lines = page.locator("main .ref").evaluate_all(
        "refs => refs.map(r => r.getClientRects().length)"
    )
    assert lines and set(lines) == {1}  # a reference is never broken at its hyphens
    box.focus()
    page.keyboard.press("ArrowRight")
    for _ in range(40):  # the browser scrolls smoothly
        if box.evaluate("b => b.scrollLeft") > 0:
            break
        page.wait_for_timeout(50)
    assert box.evaluate("b => b.scrollLeft") > 0
    problems = violations(page)
    for path in (
        "/staff/",
        "/staff/users",
        "/staff/kiosks",
        "/staff/audit",
        "/staff/deliveries",
        "/staff/insights",
        "/staff/users/new",
    ):
        page.goto(live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
    assert not problems, "\n".join(problems)
    context.close()


def test_the_inbox_fits_an_office_monitor(browser, live_server, live_app):
    """At 1366x768 the whole inbox table shows: the Due column with its full date and
    its Overdue tag, and no column is cut off or scrolled away."""
    import datetime as dt

    from kiosk.models import Submission

    resident = browser.new_context()
    reference = submit(resident.new_page(), live_server)
    resident.close()
    with live_app.app_context():
        late = db.session.scalar(select(Submission).where(Submission.reference == reference))
        late.due_on = dt.date(2025, 9, 27)  # the longest month's name: overdue
        late.resident_name = "María Fernanda Castellanos-Villanueva"
        db.session.commit()
    email = make_staff(live_app)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    sign_in(page, live_server, email)
    box = page.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), box.evaluate(
        "b => [b.scrollWidth, b.clientWidth]"
    )
    row = page.locator("tr", has=page.get_by_role("link", name=reference))
    due = row.locator("td").last
    assert "27 September 2025" in due.inner_text() and "Overdue" in due.inner_text()
    assert due.evaluate("d => d.scrollWidth <= d.clientWidth")
    box_right = box.evaluate("b => b.getBoundingClientRect().right")
    assert due.evaluate("d => d.getBoundingClientRect().right") <= box_right
    date_lines = row.locator("[data-date]").evaluate_all(
        "dates => dates.map(d => d.getClientRects().length)"
    )
    assert date_lines and set(date_lines) == {1}  # a date never wraps
    assert row.evaluate("r => r.getBoundingClientRect().height") < 110  # not 5 lines tall
    context.close()
