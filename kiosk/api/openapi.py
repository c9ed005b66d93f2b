"""The OpenAPI 3.1 description of the public API."""

from __future__ import annotations

from flask import url_for


def openapi_document() -> dict:
    form_summary = {
        "type": "object",
        "required": ["slug", "title", "start_url", "languages"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "version": {"type": "integer"},
            "start_url": {"type": "string", "format": "uri"},
            "languages": {"type": "array", "items": {"type": "string"}},
            "service_standard_working_days": {"type": "integer"},
            "definition_url": {"type": "string", "format": "uri"},
        },
    }
    not_found = {
        "description": "No form with that slug",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kiosk API",
            "version": "1",
            "description": "Forms published by this office and their definitions.",
        },
        "servers": [{"url": url_for("api.form_list", _external=True).rsplit("/api/", 1)[0]}],
        "paths": {
            "/healthz": {
                "get": {
                    "summary": "Whether the service and its database answer",
                    "operationId": "health",
                    "responses": {
                        "200": {
                            "description": "Healthy",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["status"],
                                        "properties": {"status": {"const": "ok"}},
                                    }
                                }
                            },
                        },
                        "503": {"description": "The database does not answer"},
                    },
                }
            },
            "/api/v1/forms": {
                "get": {
                    "summary": "Every published form",
                    "operationId": "listForms",
                    "responses": {
                        "200": {
                            "description": "One object per form",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/FormSummary"},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/forms/{slug}": {
                "get": {
                    "summary": "A form's definition, as its author wrote it",
                    "operationId": "getForm",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The definition (see the form schema)",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": url_for("api.schema", _external=True),
                                    }
                                }
                            },
                        },
                        "404": not_found,
                    },
                }
            },
            "/api/v1/schemas/form.json": {
                "get": {
                    "summary": "The JSON Schema of form definitions",
                    "operationId": "formSchema",
                    "responses": {
                        "200": {
                            "description": "A JSON Schema (draft 2020-12)",
                            "content": {"application/json": {}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "FormSummary": form_summary,
                "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            }
        },
    }
