"""Larger text and high contrast, chosen once and kept on every page."""

from __future__ import annotations


def test_large_text_and_high_contrast_persist_across_pages(resident):
    resident.get("/forms/parking-permit/")
    link = resident.soup().find("a", string="Display settings")
    assert link["href"] == "/settings?next=/forms/parking-permit/"
    response = resident.post(
        "/settings", {"text_size": "large", "contrast": "high", "next": "/forms/parking-permit/"}
    )
    assert response.location == "/forms/parking-permit/"
    resident.get("/help")
    assert set(resident.soup().body["class"]) == {"text-large", "contrast-high"}
    resident.get("/settings")
    assert resident.soup().find(id="contrast-high").has_attr("checked")


def test_settings_never_redirect_off_site(resident):
    response = resident.post("/settings", {"text_size": "large", "next": "//evil.example/"})
    assert response.location == "/"
