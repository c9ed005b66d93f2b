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
