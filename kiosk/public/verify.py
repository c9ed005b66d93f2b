"""Anyone can check a Kiosk PDF: is the seal intact, who sealed it, is it the one on record."""

from __future__ import annotations

from flask import current_app, render_template, request

from ..extensions import db
from ..pdfs import trust_roots
from ..services import signing, submission_pdf
from ..services.references import normalise_reference
from . import bp

MAX_PDF_BYTES = 60 * 1024 * 1024


@bp.route("/verify", methods=["GET", "POST"])
def verify():
    reference = normalise_reference(request.values.get("reference", "")) or ""
    result = None
    error = None
    if request.method == "POST":
        upload = request.files.get("pdf")
        data = upload.stream.read(MAX_PDF_BYTES + 1) if upload and upload.filename else b""
        if not data:
            error = "missing"
        elif not data.startswith(b"%PDF-"):
            error = "not_pdf"
        else:
            result = check(data, reference)
    status = 400 if error else 200
    return render_template(
        "public/verify.html", reference=reference, result=result, error=error
    ), status


def check(data: bytes, reference: str) -> dict:
    seal = signing.check_seal(data, trust_roots(current_app))
    return {"seal": seal, "on_record": submission_pdf.find_by_hash(db.session, seal.sha256)}
