"""Question pages are filled in from shells (kiosk/shells/): they must read exactly as
pages rendered in full, and a shell must hold nothing of the resident it was made for."""

from __future__ import annotations

import re

import pytest

from ..journeys import JOURNEYS
from ..support import Resident

TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def same_page(html: str) -> str:
    """The page without its CSRF token, which is signed with the second it was made."""
    return TOKEN.sub('name="csrf_token" value="…"', html)


@pytest.fixture
def full_app(make_app):
    """The same Kiosk with every page rendered in full by Jinja."""
    return make_app(PAGE_SHELLS=False)


def read_both(resident: Resident, full_client, url: str) -> tuple[str, str]:
    """The page at `url` from its shell (read twice: made, then filled) and in full,
    for the same resident (the full app is given the resident's session cookie)."""
    resident.get(url)
    shelled = resident.get(url).get_data(as_text=True)
    full_client.set_cookie("kiosk_session", resident.client.get_cookie("kiosk_session").value)
    full = full_client.get(url).get_data(as_text=True)
    return same_page(shelled), same_page(full)


def has_shell_refusing_question(form, page_id: str) -> bool:
    """Groups and uploads change the page's shape with the answers: no shell."""
    return any(q.type in ("group", "file") for q in form.page(page_id).fields)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("slug", sorted(JOURNEYS))
def test_every_question_page_reads_the_same_from_its_shell(app, full_app, resident, slug, language):
    from kiosk.catalog import form_or_404

    full_client = full_app.test_client()
    resident.get(f"/forms/{slug}/?lang={language}")
    resident.start(slug)
    for page_id, data in JOURNEYS[slug]:
        url = f"/forms/{slug}/{page_id}"
        shelled, full = read_both(resident, full_client, url)  # before answering
        assert shelled == full, page_id
        assert resident.answer(slug, page_id, data).status_code == 302
        shelled, full = read_both(resident, full_client, url)  # with the answers in
        assert shelled == full, page_id
        shelled, full = read_both(resident, full_client, f"{url}?change=1")
        assert shelled == full, page_id
    with app.test_request_context():
        form = form_or_404(slug)
    kept = {
        dict(key[4:])["page"].thing.id: shell
        for key, shell in app.extensions["kiosk.shells"].items()
    }
    for page_id, _ in JOURNEYS[slug]:
        assert (kept[page_id] is None) == has_shell_refusing_question(form, page_id), page_id


def test_display_settings_and_the_page_address_are_kept_apart(app, full_app, resident):
    full_client = full_app.test_client()
    resident.start("records-request")
    url = "/forms/records-request/your-details"
    plain, _ = read_both(resident, full_client, url)
    resident.post("/settings", {"text_size": "large", "contrast": "high", "next": url})
    shelled, full = read_both(resident, full_client, url)
    assert shelled == full
    assert shelled != plain
    assert resident.soup().body["class"] == ["text-large", "contrast-high"]
    shelled, full = read_both(resident, full_client, f"{url}?from=letter")
    assert shelled == full
    link = resident.soup().find("a", string="Display settings")["href"]
    assert link == "/settings?next=/forms/records-request/your-details%3Ffrom%3Dletter"


def test_a_shell_holds_nothing_a_resident_typed(app, client, make_app):
    amira = Resident(client)
    amira.start("parking-permit")
    amira.answer(
        "parking-permit",
        "about-you",
        {"full_name": "Amira <b>Haddad</b>", "email": "amira@example.com", "phone": "07700 900123"},
    )
    page = amira.get("/forms/parking-permit/about-you").get_data(as_text=True)
    page = amira.get("/forms/parking-permit/about-you").get_data(as_text=True)
    assert 'value="Amira &lt;b&gt;Haddad&lt;/b&gt;"' in page
    assert "<b>Haddad" not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    cookie = client.get_cookie("kiosk_session").value
    shells = [shell for shell in app.extensions["kiosk.shells"].values() if shell is not None]
    assert shells
    for shell in shells:
        kept = "".join(shell._literals)
        for secret in ("Amira", "amira@example.com", "07700", token, cookie):
            assert secret not in kept

    next_resident = Resident(app.test_client())
    next_resident.start("parking-permit")
    fresh = next_resident.get("/forms/parking-permit/about-you").get_data(as_text=True)
    assert "Amira" not in fresh and "amira@example.com" not in fresh
    assert next_resident.soup().find(id="full_name")["value"] == ""
    assert token not in fresh


def test_a_page_with_errors_is_rendered_in_full_and_keeps_what_was_typed(app, resident):
    resident.start("parking-permit")
    response = resident.answer("parking-permit", "about-you", {"full_name": "Amira", "email": "x"})
    assert response.status_code == 200
    assert resident.soup().title.get_text().startswith("Error:")
    assert resident.soup().find(id="full_name")["value"] == "Amira"
    assert resident.soup().find(id="email")["value"] == "x"
    for shell in app.extensions["kiosk.shells"].values():
        assert shell is None or "There is a problem" not in "".join(shell._literals)


def test_choices_answered_come_back_checked_from_the_shell(resident):
    resident.start("parking-permit")
    resident.complete_pages("parking-permit")
    resident.get("/forms/parking-permit/permit")
    resident.get("/forms/parking-permit/permit")
    soup = resident.soup()
    assert soup.find("input", {"name": "duration", "value": "12"}).has_attr("checked")
    assert not soup.find("input", {"name": "duration", "value": "6"}).has_attr("checked")
    assert soup.find(id="start_date-day")["value"]


TEMPLATES = {
    "plain.html": "<p>{{ value }}</p><p>{{ csrf_token() }}</p>",
    "reads-session.html": "<p>{{ value }}</p>{{ session.get('contrast') }}",
    "changes-value.html": "<p>{{ value|upper }}</p>",
    "branches-on-value.html": "{% if value %}<p>{{ value }}</p>{% endif %}",
    "macro-reads-request.html": "{% import 'macro.html' as m %}{{ m.path() }}{{ value }}",
    "macro.html": "{% macro path() %}{{ request.path }}{% endmacro %}",
    "arithmetic.html": "<p>{{ value - 1 }}</p>",
    "to-number.html": "<p>{{ value|int }}</p>",
    "macro-links.html": "{% import 'links.html' as l %}{{ l.links() }}{{ value }}",
    "links.html": "{% macro links() %}{{ url_for('public.index', _external=True) }}"
    "{{ display_settings_url() }}{% endmacro %}",
    "private-use.html": "<p>\ue0001\ue001 \ue000{{ value }}\ue001</p>",
}


@pytest.fixture
def test_templates(app):
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), app.jinja_env.loader])
    return app


def render_twice(app, name: str, values: list[str]) -> list[str]:
    from kiosk import shells

    pages = []
    for value in values:
        with app.test_request_context("/forms/x"):
            pages.append(shells.render(name, {}, {"value": value}))
    return pages


def test_a_shell_fills_in_each_requests_own_values_escaped(test_templates):
    first, second = render_twice(test_templates, "plain.html", ["<i>one</i>", "two"])
    assert first.startswith("<p>&lt;i&gt;one&lt;/i&gt;</p><p>")
    assert second.startswith("<p>two</p><p>")
    assert first[-40:] != second[-40:]  # each request's own CSRF token
    (shell,) = test_templates.extensions["kiosk.shells"].values()
    assert shell is not None and "one" not in "".join(shell._literals)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("reads-session.html", "<p>one</p>None"),
        ("changes-value.html", "<p>ONE</p>"),
        ("branches-on-value.html", "<p>one</p>"),
        ("macro-reads-request.html", "/forms/xone"),
        ("macro-links.html", "http://localhost//settings?next=/forms/xone"),
    ],
)
def test_a_template_reading_more_than_its_slots_is_rendered_in_full(test_templates, name, expected):
    assert render_twice(test_templates, name, ["one", "one"]) == [expected, expected]
    (shell,) = test_templates.extensions["kiosk.shells"].values()
    assert shell is None


@pytest.mark.parametrize(
    ("name", "expected"), [("arithmetic.html", "<p>6</p>"), ("to-number.html", "<p>7</p>")]
)
def test_a_template_computing_with_a_value_is_rendered_in_full(test_templates, name, expected):
    """Python refuses `slot - 1` with a TypeError, and `slot|int` quietly gives 0: the
    first is caught as a refusal, the second when the shell is checked against the
    page rendered in full."""
    assert render_twice(test_templates, name, [7, 7]) == [expected, expected]
    (shell,) = test_templates.extensions["kiosk.shells"].values()
    assert shell is None


def test_a_forms_text_cannot_pass_for_a_hole(test_templates):
    """Holes carry a random mark: private-use characters in a form's text stay text."""
    first, second = render_twice(test_templates, "private-use.html", ["one", "two"])
    assert first == "<p>\ue0001\ue001 \ue000one\ue001</p>"
    assert second == "<p>\ue0001\ue001 \ue000two\ue001</p>"
    (shell,) = test_templates.extensions["kiosk.shells"].values()
    assert shell is not None
