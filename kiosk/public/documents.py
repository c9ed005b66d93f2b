"""Documents up front: the printable checklist, the readiness check and the upload step."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..agency import office_today
from ..catalog import form_or_404
from ..extensions import db
from ..filestore import storage
from ..formbuilder import page_form_class
from ..responses import stored_file
from ..services import checklist, clock, drafts, events
from ..services.documents import DocumentRefused
from ..terminal import device
from . import bp
from .context import (
    current_draft,
    draft_or_expired,
    form_meta,
    save_for_later,
    upload_limits,
)


@bp.get("/forms/<slug>/checklist")
def printable_checklist(slug: str):
    """Every document that may apply, on a page made for printing and bringing along."""
    form = form_or_404(slug)
    return render_template(
        "public/checklist.html", form=form, readiness=checklist.readiness_page(form)
    )


@bp.route("/forms/<slug>/checklist/questions", methods=["GET", "POST"])
def readiness_check(slug: str):
    """Ask only what the documents depend on, then give the exact list."""
    form = form_or_404(slug)
    page = checklist.readiness_page(form)
    if page is None:
        return redirect(url_for(".printable_checklist", slug=slug))
    form_class = page_form_class(page)
    if request.method == "POST":
        bound = form_class(request.form, meta=form_meta())
        if bound.validate_page({}):
            answers = bound.answers()
            documents = form.applicable_documents(answers, office_today())
            carried = [
                (name, value)
                for name, value in request.form.items(multi=True)
                if name not in ("csrf_token", "action")
            ]
            return render_template(
                "public/readiness_result.html", form=form, documents=documents, carried=carried
            )
    else:
        bound = form_class(meta=form_meta())
    return render_template(
        "public/readiness.html", form=form, page=page, bound=bound, errors=bound.error_list()
    )


@bp.route("/forms/<slug>/documents", methods=["GET", "POST"])
def documents(slug: str):
    form = form_or_404(slug)
    draft = draft_or_expired(form)
    today = office_today()
    journey = drafts.journey(form, draft, today)
    unfinished = journey.first_unfinished()
    if unfinished is not None:
        return redirect(url_for(".question", slug=slug, page_id=unfinished.id))
    items = checklist.checklist(db.session, form, draft, today)
    if not items:
        return redirect(url_for(".check", slug=slug))
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        action = request.form.get("action", "continue")
        if _change_choice(draft, items, action):
            return redirect(url_for(".documents", slug=slug))
        # Files chosen anywhere on the page are uploaded, whichever button was pressed.
        chosen = _upload_chosen_files(draft, items)
        errors = [error for error in chosen if error]
        if action.startswith("upload-") and chosen == []:
            errors = [(f"file-{action.removeprefix('upload-')}", _("Select a file to upload"))]
        items = checklist.checklist(db.session, form, draft, today)
        if not errors and action == "save":  # what was uploaded or chosen is kept
            return save_for_later(form, draft)
        if not errors and action == "continue":
            missing = checklist.missing(items)
            if not missing:
                return redirect(url_for(".check", slug=slug))
            wanted = [{"document_id": doc.id} for doc in missing]
            events.record_many(db.session, draft, "documents_missing", today, wanted)
            errors = [
                (f"file-{doc.id}", _("Upload your %(document)s", document=_(doc.name)))
                for doc in missing
            ]
        elif not errors:
            return redirect(url_for(".documents", slug=slug))
    number, total = journey.documents_step()
    return render_template(
        "public/documents.html",
        form=form,
        items=items,
        errors=errors,
        step=number,
        steps=total,
        back=url_for(".question", slug=slug, page_id=journey.last_page().id),
        limits=upload_limits(),
    ), (400 if errors else 200)


@bp.get("/forms/<slug>/documents/<int:upload_id>")
def document_file(slug: str, upload_id: int):
    """A file the resident uploaded, back to the same browser session only, as a download."""
    form = form_or_404(slug)
    draft = current_draft(form)
    if device.current_device() is not None:
        draft = None  # nothing is downloaded onto a kiosk's shared screen
    upload = checklist.find_upload(db.session, draft, upload_id) if draft else None
    if upload is None:
        abort(404)
    return stored_file(storage().read(upload.storage_key), upload.content_type, upload.filename)


def _change_choice(draft, items, action: str) -> bool:
    """Remove a file, or (at a kiosk) hand a document to a clerk instead; True if done."""
    if action.startswith("remove-"):
        checklist.remove_document(db.session, storage(), draft, action.removeprefix("remove-"))
        return True
    if action.startswith(("in-person-", "upload-instead-")) and device.current_device():
        document_id = action.removeprefix("in-person-").removeprefix("upload-instead-")
        if document_id in {item.requirement.id for item in items}:
            yes = action.startswith("in-person-")
            checklist.hand_in_person(db.session, draft, document_id, yes=yes)
        return True
    return False


def _upload_chosen_files(draft, items) -> list[tuple[str, str] | None]:
    """Check and store every file chosen on the page: None for each one accepted,
    `(input id, message)` for each one refused."""
    limits = upload_limits()
    results: list[tuple[str, str] | None] = []
    for item in items:
        anchor = f"file-{item.requirement.id}"
        for file in request.files.getlist(anchor):
            if not file or not file.filename:
                continue
            data = file.stream.read(limits.max_bytes + 1)
            try:
                checklist.add_document(
                    db.session,
                    storage(),
                    draft,
                    item.requirement,
                    data,
                    file.filename,
                    limits=limits,
                    application_limit=current_app.config["MAX_APPLICATION_BYTES"],
                    now=clock.now(),
                )
            except DocumentRefused as exc:
                message = _(exc.message, **exc.params)
                results.append((anchor, f"{_display_name(file.filename)}: {message}"))
            else:
                results.append(None)
    return results


def _display_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1][:80]
