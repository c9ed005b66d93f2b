"""Arabic pages mirror, and numbers, codes and references keep their left-to-right order."""

from __future__ import annotations

from .journey import answer_every_page

# x of the start of each needle in the page as laid out (first text node that holds it)
POSITIONS = """(needles) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = {};
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const needle of needles) {
      const at = node.data.indexOf(needle);
      if (at >= 0 && !(needle in found)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        found[needle] = range.getBoundingClientRect().x;
      }
    }
  }
  return found;
}"""


def left_of(page, first: str, second: str) -> bool:
    x = page.evaluate(POSITIONS, [first, second])
    assert first in x and second in x, f"{first!r} or {second!r} is not on {page.url}"
    return x[first] < x[second]


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def send_a_records_request_in_arabic(page, live_server) -> None:
    """Answer, declare and send; the page ends on the confirmation."""
    slug = "records-request"
    answer_every_page(page, live_server, slug, "?lang=ar")
    page.goto(f"{live_server}/forms/{slug}/declaration")
    page.check("#confirm")
    if page.locator("#signature").count():
        page.fill("#signature", "مريم خليل")
    page.locator("main form button[type=submit]").click()


def test_arabic_pages_mirror(page, live_server):
    page.goto(f"{live_server}/forms/parking-permit/?lang=ar")
    page.locator("form.start-form button[type=submit]").first.click()
    page.wait_for_url("**/about-you")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    width = page.viewport_size["width"]
    back, field = box(page, ".back-link"), box(page, "#full_name")
    assert back["x"] > width / 2, "the back link starts on the right"
    assert field["x"] + field["width"] > width / 2

    page.goto(f"{live_server}/forms/parking-permit/about-you?lang=en")
    assert box(page, ".back-link")["x"] < width / 2


def test_phone_numbers_keep_their_order_inside_arabic_text(page, live_server):
    page.goto(f"{live_server}/forms/parking-permit/?lang=ar")
    page.locator("form.start-form button[type=submit]").first.click()
    page.wait_for_url("**/about-you")
    assert left_of(page, "020", "0000"), "the example phone number reads 020 7946 0000"
    page.fill("#phone", "not a number")
    page.locator("button.button[value=continue]").click()
    page.locator("#phone-error").wait_for()  # the page with the error has loaded
    assert left_of(page, "01632", "001"), "the phone error example keeps its order"


def test_example_dates_read_in_the_order_of_the_date_boxes(page, live_server):
    """The boxes are day, month, year from the left (as dates are written with these
    digits); the hint's example "27 3 1985" must not be laid out as "1985 3 27"."""
    page.goto(f"{live_server}/forms/housing-assistance/?lang=ar")
    page.locator("form.start-form button[type=submit]").first.click()
    page.wait_for_url("**/about-you")
    assert box(page, "#date_of_birth-day")["x"] < box(page, "#date_of_birth-year")["x"]
    assert left_of(page, "27", "1985"), "the example date reads 27 3 1985"


def test_the_reference_reads_left_to_right_in_arabic(page, live_server):
    send_a_records_request_in_arabic(page, live_server)
    reference = page.locator("[data-reference]").get_attribute("data-reference")
    prefix, middle, last = reference.split("-")
    assert left_of(page, prefix, last), f"{reference} is shown in its own order"
    direction = page.locator("[data-reference] bdi").evaluate("e => getComputedStyle(e).direction")
    assert direction == "ltr"


def test_answers_in_latin_letters_line_up_with_the_arabic_page(page, live_server):
    slug = "records-request"
    answer_every_page(page, live_server, slug, "?lang=ar")
    page.goto(f"{live_server}/forms/{slug}/check")
    email = page.locator("dd.summary-list__value", has_text="@")
    assert email.evaluate("e => getComputedStyle(e).direction") == "ltr"  # typed that way
    text_right = email.evaluate(
        """e => { const r = document.createRange(); r.selectNodeContents(e);
                  return r.getBoundingClientRect().right; }"""
    )
    box_of_value = email.bounding_box()
    assert abs(box_of_value["x"] + box_of_value["width"] - text_right) < 2, (
        "the address starts where the page's lines start, on the right"
    )


def test_the_reference_stays_on_one_line_on_a_small_phone(browser, live_server):
    phone = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = phone.new_page()
    send_a_records_request_in_arabic(page, live_server)
    reference = page.locator("[data-reference] bdi")
    assert reference.evaluate("e => e.getClientRects().length") == 1, "not split over lines"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scroll
    phone.close()
