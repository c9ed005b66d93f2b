"""The stable JSON interfaces: health, forms, definitions, OpenAPI."""

from __future__ import annotations

import pytest


def test_healthz_reports_ok_once_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_forms_list_names_every_demo_form(client):
    forms = client.get("/api/v1/forms").get_json()
    slugs = {form["slug"] for form in forms}
    assert {"parking-permit", "housing-assistance", "records-request"} <= slugs
    for form in forms:
        assert form["title"] and "en" in form["languages"]
        assert form["start_url"].endswith(f"/forms/{form['slug']}/")
        assert client.get(form["start_url"]).status_code == 200


def test_form_definition_is_served_as_json(client):
    definition = client.get("/api/v1/forms/parking-permit").get_json()
    assert definition["slug"] == "parking-permit"
    assert definition["service_standard"]["working_days"] == 10
    assert [page["id"] for page in definition["pages"]][0] == "about-you"


def test_unknown_form_is_a_json_404(client):
    response = client.get("/api/v1/forms/nope")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found"}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing", "/api/v2/forms"])
def test_an_address_no_route_knows_is_a_json_404_under_the_api(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found"}


def test_a_wrong_method_is_answered_in_json_too(client):
    response = client.delete("/api/v1/forms")
    assert response.status_code == 405
    assert response.get_json() == {"error": "method_not_allowed"}


def test_openapi_document_describes_every_path(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/healthz", "/api/v1/forms", "/api/v1/forms/{slug}"} <= set(document["paths"])


def test_published_schema_validates_the_demo_forms(client):
    from jsonschema import Draft202012Validator

    schema = client.get("/api/v1/schemas/form.json").get_json()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for form in client.get("/api/v1/forms").get_json():
        definition = client.get(f"/api/v1/forms/{form['slug']}").get_json()
        assert not list(validator.iter_errors(definition)), form["slug"]
