"""The public JSON API: forms and their definitions, the health check, its OpenAPI."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from sqlalchemy import text

from ..catalog import form_or_404, forms
from ..extensions import csrf, db
from ..formdefs.lint import form_schema
from ..i18n import available_languages
from .openapi import openapi_document

bp = Blueprint("api", __name__)
csrf.exempt(bp)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")


def _summary(form) -> dict:
    return {
        "slug": form.slug,
        "title": form.title,
        "summary": form.summary,
        "version": form.version,
        "start_url": url_for("public.start", slug=form.slug, _external=True),
        "languages": available_languages(),
        "service_standard_working_days": form.service_standard_days,
        "definition_url": url_for("api.form", slug=form.slug, _external=True),
    }


@bp.get("/api/v1/forms")
def form_list():
    return jsonify([_summary(form) for form in forms()])


@bp.get("/api/v1/forms/<slug>")
def form(slug: str):
    definition = form_or_404(slug)
    return jsonify(definition.as_json())


@bp.get("/api/v1/schemas/form.json")
def schema():
    return jsonify(form_schema())


@bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.errorhandler(404)
def not_found(_error):
    return jsonify(error="not_found"), 404
