"""/provide: a resident uploads a document a clerk asked for, with reference and code."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..catalog import forms
from ..extensions import db
from ..filestore import storage
from ..services import clock
from ..services import information_requests as info_requests
from ..services.documents import DocumentRefused, inspect_upload
from ..services.uploads import ACCEPT_ATTRIBUTE
from . import bp
from .context import upload_limits

SESSION_KEY = "provide_request"


@bp.route("/provide", methods=["GET", "POST"])
def provide():
    """Reference and code first; they open the upload page for that one request."""
    now = clock.now()
    address = request.remote_addr or ""
    reference = request.form.get("reference", "")[:40]
    error = None
    paused = info_requests.paused_until(db.session, address, now)
    if request.method == "POST":
        if paused is not None:
            error = "paused"
        else:
            found = info_requests.find(
                db.session, reference, request.form.get("code", "")[:40], address=address, now=now
            )
            if found is not None:
                session[SESSION_KEY] = found.id
                return redirect(url_for(".provide_upload"))
            error = "not-found"
    return render_template(
        "public/provide.html", reference=reference, error=error, paused=paused
    ), (400 if error else 200)


@bp.route("/provide/upload", methods=["GET", "POST"])
def provide_upload():
    now = clock.now()
    asked = info_requests.still_open(db.session, session.get(SESSION_KEY), now)
    if asked is None:
        session.pop(SESSION_KEY, None)
        return redirect(url_for(".provide"))
    form = forms().get(asked.submission.form_slug)
    accept = info_requests.accepted_kinds(asked, form)
    error = None
    if request.method == "POST":
        file = request.files.get("file")
        if not file or not file.filename:
            error = _("Choose the file to upload")
        else:
            limits = upload_limits()
            try:
                accepted = inspect_upload(
                    file.stream.read(limits.max_bytes + 1), file.filename, accept, limits
                )
            except DocumentRefused as exc:
                error = _(exc.message, **exc.params)
            else:
                info_requests.provide(db.session, storage(), asked, accepted, now)
                session.pop(SESSION_KEY, None)
                session["provided"] = {
                    "reference": asked.submission.reference,
                    "document": asked.document_name,
                }
                return redirect(url_for(".provide_done"))
    return render_template(
        "public/provide_upload.html",
        asked=asked,
        form=form,
        accept=",".join(item for kind in accept for item in ACCEPT_ATTRIBUTE[kind]),
        error=error,
    ), (400 if error else 200)


@bp.get("/provide/done")
def provide_done():
    provided = session.get("provided")
    if not provided:
        return redirect(url_for(".provide"))
    return render_template("public/provide_done.html", provided=provided)
