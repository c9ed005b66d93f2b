"""Definitions load once into immutable objects that answer questions about a form."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.formdefs import DefinitionError, load_catalog, load_definition

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def permit():
    return load_definition(FORMS / "parking-permit.yaml")


def test_definition_is_immutable(permit):
    with pytest.raises(dataclasses.FrozenInstanceError):
        permit.title = "Something else"
    with pytest.raises(dataclasses.FrozenInstanceError):
        permit.pages[0].fields[0].required = False
    with pytest.raises(TypeError):
        permit.field("full_name").messages["required"] = "changed"


def test_parking_permit_is_read_as_written(permit):
    assert permit.slug == "parking-permit" and permit.reference_prefix == "PKP"
    assert permit.service_standard_days == 10 and permit.retention_days == 730
    assert permit.destination.office == "parking"
    assert permit.declaration.signature == "required"
    vehicles = permit.field("vehicles")
    assert vehicles.type == "group" and (vehicles.min_items, vehicles.max_items) == (1, 3)
    assert [f.id for f in vehicles.fields] == ["registration", "make", "fuel"]
    assert vehicles.subfield("fuel").widget == "select"
    assert permit.field("phone").required is False
    assert [d.id for d in permit.documents][0] == "proof_of_address"


def test_hidden_pages_and_their_answers_are_dropped(permit):
    answers = {"keeper": "yes", "company_name": "Acme", "full_name": "A"}
    assert "company-vehicle" not in [p.id for p in permit.visible_pages(answers)]
    assert permit.visible_answers(answers) == {"keeper": "yes", "full_name": "A"}
    answers["keeper"] = "no"
    assert "company-vehicle" in [p.id for p in permit.visible_pages(answers)]
    assert permit.visible_answers(answers)["company_name"] == "Acme"


def test_documents_that_apply_follow_the_answers(permit):
    as_keeper = [d.id for d in permit.applicable_documents({"keeper": "yes"})]
    as_driver = [d.id for d in permit.applicable_documents({"keeper": "no"})]
    assert as_keeper == ["proof_of_address", "vehicle_registration"]
    assert as_driver == ["proof_of_address", "lease_or_employer_letter"]


def test_the_api_sees_the_definition_as_its_author_wrote_it(permit):
    data = permit.as_json()
    assert data["pages"][2]["fields"][0]["id"] == "keeper"
    assert data["documents"][1]["show_if"] == {"field": "keeper", "equals": "yes"}


def test_two_forms_with_one_slug_are_refused(tmp_path):
    text = (FORMS / "parking-permit.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text(text)
    with pytest.raises(DefinitionError) as caught:
        load_catalog(tmp_path)
    assert "slug 'parking-permit' is already used" in str(caught.value)


def test_catalog_holds_every_shipped_form():
    catalog = load_catalog(FORMS)
    assert {"parking-permit", "housing-assistance", "records-request"} <= set(catalog.forms)


def test_a_page_knows_which_of_its_questions_its_own_answers_reveal(permit):
    """ "Other" on the same page reveals its box; a condition on another page does not."""
    pages = {page.id: page for page in permit.pages}
    assert pages["company-vehicle"].revealed_here == {"relationship_other"}
    assert pages["about-you"].revealed_here == frozenset()
    assert all(
        not page.revealed_here or page.revealed_here <= {q.id for q in page.fields}
        for page in permit.pages
    )
