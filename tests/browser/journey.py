"""Filling in pages through the browser context's own HTTP client (same cookies as the page)."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def answer_page(page, base: str, path: str, data: dict) -> None:
    from urllib.parse import urlencode

    html = page.context.request.get(base + path).text()
    pairs = [("csrf_token", TOKEN.search(html).group(1)), ("action", "continue")]
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item)))
    response = page.context.request.post(
        base + path,
        data=urlencode(pairs),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert response.status == 302, f"{path} did not accept the answers: {response.status}"


def upload_documents(page, base: str, slug: str, document_ids: list[str]) -> None:
    """The upload step, posted with a small real PDF for each document."""
    from .. import samples

    path = f"/forms/{slug}/documents"
    html = page.context.request.get(base + path).text()
    multipart = {"csrf_token": TOKEN.search(html).group(1), "action": "continue"}
    for document_id in document_ids:
        multipart[f"file-{document_id}"] = {
            "name": f"{document_id}.pdf",
            "mimeType": "application/pdf",
            "buffer": samples.pdf(),
        }
    response = page.context.request.post(base + path, multipart=multipart, max_redirects=0)
    assert response.status == 302, f"{path} did not accept the documents: {response.status}"


def answer_every_page(page, base: str, slug: str, query: str = "") -> None:
    """Start `slug` in the browser (`query` such as "?lang=ar") and answer every page as
    journeys.py does; the next step is the documents or the declaration."""
    from ..journeys import JOURNEYS

    page.goto(f"{base}/forms/{slug}/{query}")
    page.locator("form.start-form button[type=submit]").first.click()
    for page_id, data in JOURNEYS[slug]:
        answer_page(page, base, f"/forms/{slug}/{page_id}", data)
