"""Security from the first line: CSRF, headers, cookies, friendly errors."""

from __future__ import annotations

from ..support import page_text

SLUG = "parking-permit"


def test_forged_post_without_csrf_token_gets_a_clear_page(client):
    response = client.post(f"/forms/{SLUG}/start", data={})
    assert response.status_code == 400
    assert "This page has expired" in page_text(response)


def test_every_page_has_security_headers_and_no_store(resident):
    resident.start(SLUG)
    response = resident.get(f"/forms/{SLUG}/about-you")
    headers = response.headers
    assert headers["Cache-Control"] == "no-store"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(resident):
    resident.start(SLUG)
    resident.get(f"/forms/{SLUG}/about-you")
    soup = resident.soup()
    assert all(script.get("src") for script in soup.find_all("script"))
    assert not soup.find_all(style=True) and not soup.find_all("style")


def test_session_cookie_is_httponly_and_samesite(resident, client):
    resident.start(SLUG)
    cookie = client.get_cookie("kiosk_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_unknown_form_and_page_are_friendly_404s(client):
    for url in ("/forms/no-such-form/", "/forms/no-such-form/page", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in page_text(response)


def test_unknown_page_of_a_real_form_is_404(resident):
    resident.start(SLUG)
    assert resident.get(f"/forms/{SLUG}/no-such-page").status_code == 404


def test_forged_choice_value_is_refused(resident):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", {"full_name": "A B", "email": "a@example.com"})
    response = resident.answer(SLUG, "keeper", {"keeper": "maybe"})
    assert response.status_code == 200
    assert "Select one of the options given" in page_text(response)


def test_static_files_may_be_cached(client):
    with client.get("/static/css/kiosk.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"


def test_pages_name_their_stylesheet_and_script_by_content_and_browsers_keep_them(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    stylesheet = page.select_one("link[rel=stylesheet][href*='kiosk.css']")["href"]
    script = page.select_one("script[src*='kiosk.js']")["src"]
    assert stylesheet.startswith("/static/css/kiosk.css?v=") and "?v=" in script
    with client.get(stylesheet) as response:
        assert response.status_code == 200
        cache = response.cache_control
        assert cache.max_age == 365 * 24 * 3600 and cache.immutable and not cache.no_cache
    with client.get("/static/css/kiosk.css") as response:  # unversioned: always asked again
        assert response.cache_control.no_cache


def test_a_changed_static_file_gets_a_new_address_while_templates_reload(make_app, tmp_path):
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    stylesheet = folder / "css" / "kiosk.css"

    def address_before_and_after_a_change(app) -> tuple[str, str]:
        stylesheet.write_text("body { color: black; }")
        app.static_folder = str(folder)  # a file that changes under the running app
        with app.test_request_context():
            first = app.jinja_env.globals["asset_url"]("css/kiosk.css")
            stylesheet.write_text("body { color: navy; }  /* changed */")
            return first, app.jinja_env.globals["asset_url"]("css/kiosk.css")

    first, changed = address_before_and_after_a_change(make_app(TEMPLATES_AUTO_RELOAD=True))
    assert changed != first  # as under `make run` while editing
    first, unchanged = address_before_and_after_a_change(make_app())
    assert unchanged == first  # in production, hashed once: a release restarts the app


def test_links_built_once_follow_the_mount_point(client):
    """The header's and footer's links are built once per mount point (SCRIPT_NAME)."""
    from bs4 import BeautifulSoup

    def links(mount_point: str = "") -> list[str]:
        html = client.get("/contact", base_url=f"http://localhost{mount_point}").get_data(
            as_text=True
        )
        page = BeautifulSoup(html, "html.parser")
        found = [a["href"] for a in page.select("footer a")]
        found += [page.select_one("link[rel=stylesheet]")["href"], page.select_one("img")["src"]]
        found += [page.select_one("link[rel=icon]")["href"]]  # the tab shows the agency's logo
        return found

    at_root = links()
    mounted = links("/city")
    assert "/help" in at_root and "/contact" in at_root
    assert all(link.startswith("/") and not link.startswith("/city") for link in at_root)
    assert all(link.startswith("/city/") for link in mounted)
    assert links() == at_root
    icon = client.get(at_root[-1])
    assert icon.status_code == 200 and icon.mimetype.startswith("image/")


def test_page_csrf_tokens_are_flask_wtfs_own(app):
    """Pages sign CSRF tokens with Kiosk's faster csrf_token(); Flask-WTF must read them
    as its own, and they are the tokens it would have made."""
    from flask import g, session
    from flask_wtf.csrf import generate_csrf, validate_csrf
    from itsdangerous import URLSafeTimedSerializer

    from kiosk.security import csrf_token

    with app.test_request_context("/"):
        token = csrf_token()
        assert csrf_token() == token  # one per request, kept in g as Flask-WTF keeps it
        assert generate_csrf() == token
        validate_csrf(token)
        signer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        assert signer.loads(token) == session["csrf_token"]
        del g.csrf_token
        again, theirs = csrf_token(), (g.pop("csrf_token"), generate_csrf())[1]
        assert again.split(".")[0] == theirs.split(".")[0]  # the same payload
