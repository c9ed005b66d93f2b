"""What a page points at is on the page: descriptions of inputs, and change-link anchors."""

from __future__ import annotations

import pytest

from ..journeys import JOURNEYS

FORMS = list(JOURNEYS)


def missing_descriptions(soup) -> list[str]:
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    missing = []
    for tag in soup.find_all(attrs={"aria-describedby": True}):
        missing += [
            f"{tag.get('id')} -> {ref}" for ref in tag["aria-describedby"].split() if ref not in ids
        ]
    return missing


@pytest.mark.parametrize("slug", FORMS)
def test_every_input_is_described_only_by_elements_on_its_page(resident, slug):
    resident.start(slug)
    for page_id, data in JOURNEYS[slug]:
        resident.get(f"/forms/{slug}/{page_id}")
        assert missing_descriptions(resident.soup()) == [], page_id
        resident.answer(slug, page_id, {})  # with the page's errors
        assert missing_descriptions(resident.soup()) == [], f"{page_id} with errors"
        resident.answer(slug, page_id, data)


def reach_check_page(resident, slug: str) -> None:
    """Answer every page as journeys.py does, upload a PDF for each document asked for."""
    from .. import samples

    resident.start(slug)
    response = resident.complete_pages(slug)
    if response.location.endswith("/documents"):
        resident.get(f"/forms/{slug}/documents")
        asked = [tag["name"][len("file-") :] for tag in resident.soup().select("input[type=file]")]
        files = {doc: [(samples.pdf(), f"{doc}.pdf")] for doc in asked}
        assert resident.upload(slug, files).location.endswith("/check")
    resident.get(f"/forms/{slug}/check")


@pytest.mark.parametrize("slug", FORMS)
def test_every_change_link_on_the_check_page_lands_on_its_question(resident, slug):
    reach_check_page(resident, slug)
    links = [a["href"] for a in resident.soup().select(".summary-list__actions a")]
    assert links
    missing = []
    for href in links:
        path, _, anchor = href.partition("#")
        resident.get(path)
        if resident.soup().find(id=anchor) is None:
            missing.append(href)
    assert missing == []
