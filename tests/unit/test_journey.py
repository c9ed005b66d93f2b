"""Which pages apply, step numbers, and what is left to answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.formdefs import load_definition
from kiosk.services.journey import Journey

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def permit():
    return load_definition(FORMS / "parking-permit.yaml")


def test_company_page_counts_only_when_the_resident_is_not_the_keeper(permit):
    keeper = Journey(permit, {"keeper": "yes"}, frozenset())
    company = Journey(permit, {"keeper": "no"}, frozenset())
    # 5 or 6 question pages, then the upload step
    assert keeper.step(permit.page("vehicles")) == (4, 6)
    assert company.step(permit.page("vehicles")) == (5, 7)
    assert company.documents_step() == (7, 7)
    assert keeper.next_page(permit.page("keeper")).id == "vehicles"
    assert company.next_page(permit.page("keeper")).id == "company-vehicle"
    assert company.previous_page(permit.page("vehicles")).id == "company-vehicle"


def test_first_unfinished_page_is_the_first_not_completed(permit):
    journey = Journey(
        permit, {"full_name": "A", "email": "a@example.com"}, frozenset({"about-you"})
    )
    assert journey.first_unfinished().id == "your-address"
    assert not journey.is_complete


def test_a_completed_page_with_a_newly_required_answer_is_unfinished_again(permit):
    answers = {
        "full_name": "A",
        "email": "a@example.com",
        "moved_in": "2021-01-01",
        "home_address": {"line1": "1 Road", "town": "Town", "postcode": "AB1"},
        "keeper": "no",
        "relationship": "other",
        "company_name": "Acme",
    }
    journey = Journey(
        permit, answers, frozenset({"about-you", "your-address", "keeper", "company-vehicle"})
    )
    assert journey.first_unfinished().id == "company-vehicle"
