"""A resident filling in forms through the test client, as a browser without JavaScript would."""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from .checking_client import csrf_token_in
from .journeys import JOURNEYS


@dataclass
class Resident:
    client: object
    last_html: str = ""
    history: list[str] = field(default_factory=list)

    def get(self, url: str, **kwargs):
        response = self.client.get(url, **kwargs)
        if response.status_code not in (301, 302, 303):
            self.last_html = response.get_data(as_text=True)
        self.history.append(url)
        return response

    def post(self, url: str, data: dict | None = None, **kwargs):
        """Post to `url` with a CSRF token, as the page at `url` would."""
        data = dict(data or {})
        if "csrf_token" not in data:
            page = self.client.get(url if not url.endswith("/start") else url[: -len("start")])
            data["csrf_token"] = csrf_token_in(page.get_data(as_text=True))
        response = self.client.post(url, data=data, **kwargs)
        if response.status_code not in (301, 302, 303):
            self.last_html = response.get_data(as_text=True)
        return response

    def start(self, slug: str):
        response = self.post(f"/forms/{slug}/start")
        assert response.status_code == 302, response.status_code
        return response.location

    def answer(self, slug: str, page_id: str, data: dict, action: str = "continue", **kwargs):
        return self.post(f"/forms/{slug}/{page_id}", {**data, "action": action}, **kwargs)

    def upload(self, slug: str, files: dict, action: str = "continue"):
        """Post the documents step with `files` ({document id: [(bytes, name), ...]})."""
        import io

        data: dict = {"action": action}
        for document_id, items in files.items():
            data[f"file-{document_id}"] = [(io.BytesIO(body), name) for body, name in items]
        return self.post(f"/forms/{slug}/documents", data, content_type="multipart/form-data")

    def complete_pages(self, slug: str):
        """Answer every page of `slug` as journeys.py does; ends at the documents step."""
        for page_id, data in JOURNEYS[slug]:
            response = self.answer(slug, page_id, data)
            assert response.status_code == 302, (page_id, response.status_code)
        return response

    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.last_html, "html.parser")


def page_text(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ", strip=True)


def date_fields(prefix: str, day) -> dict:
    """The day, month and year boxes of the date question `prefix`, filled with `day`."""
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


PASSWORD = "correct horse battery staple"  # every test account's


def sign_in(client, email, password=PASSWORD, next_path=None):
    page = client.get("/staff/sign-in")
    url = "/staff/sign-in" + (f"?next={next_path}" if next_path else "")
    return client.post(
        url,
        data={
            "csrf_token": csrf_token_in(page.get_data(as_text=True)),
            "email": email,
            "password": password,
        },
    )


def submit_records_request(resident):
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        resident.answer("records-request", page_id, data)
    resident.post("/forms/records-request/declaration", {"confirm": "y"})
    resident.get("/forms/records-request/confirmation")
    return resident.soup().find(attrs={"data-reference": True})["data-reference"]


def break_the_seal(monkeypatch) -> None:
    """Every PDF fails to be sealed until `monkeypatch.undo()` mends it."""
    from kiosk.services import signing

    def broken(*args, **kwargs):
        raise RuntimeError("the seal key is unreadable")

    monkeypatch.setattr(signing, "seal_pdf", broken)
