"""A test client that checks every HTML page it receives, as a careful reviewer would.

Each page must parse strictly as HTML5, have a title, one h1, no duplicate ids, no
attribute reading "None" (a Python None written out), a label for every input, and
an action on every form. Every integration test uses it,
so a broken page fails the test that rendered it.
"""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class PageProblem(AssertionError):
    pass


def check_page(html: str, url: str) -> BeautifulSoup:
    try:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    except html5lib.html5parser.ParseError as exc:
        raise PageProblem(f"{url}: HTML does not parse: {exc}") from exc
    soup = BeautifulSoup(html, "html.parser")
    problems = _document_problems(soup) + _label_problems(soup) + _form_problems(soup)
    if problems:
        raise PageProblem(f"{url}: " + "; ".join(problems))
    return soup


def _document_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    title = soup.find("title")
    if title is None or not title.get_text(strip=True):
        problems.append("no <title>")
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> elements")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    problems += [f"duplicate id '{i}'" for i, count in ids.items() if count > 1]
    problems += [
        f'<{tag.name}> has {name}="None"'
        for tag in soup.find_all(True)
        for name, value in tag.attrs.items()
        if value == "None"
    ]
    html_tag = soup.find("html")
    if not html_tag or not html_tag.get("lang") or not html_tag.get("dir"):
        problems.append("<html> lacks lang or dir")
    return problems


def _label_problems(soup: BeautifulSoup) -> list[str]:
    labelled = {label.get("for") for label in soup.find_all("label")}
    problems = []
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in UNLABELLED_TYPES:
            continue
        if field.get("id") not in labelled and not field.get("aria-label"):
            problems.append(f"{field.name} '{field.get('name')}' has no label")
    return problems


def _form_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    for form in soup.find_all("form"):
        if not form.get("action"):
            problems.append("a <form> has no action")
        is_post = form.get("method", "get").lower() == "post"
        exempt = form.has_attr("data-csrf-exempt")  # the kiosk wipe: must work when stale
        if is_post and not exempt and not form.find("input", attrs={"name": "csrf_token"}):
            problems.append("a POST <form> has no CSRF token")
    return problems


class CheckingClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        content_type = response.headers.get("Content-Type", "")
        has_page = kwargs.get("method") != "HEAD"  # HEAD: the headers only
        if (
            has_page
            and content_type.startswith("text/html")
            and response.status_code not in (204, 302)
        ):
            url = args[0] if args and isinstance(args[0], str) else kwargs.get("path", "?")
            check_page(response.get_data(as_text=True), url)
        return response


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_in(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)
