"""Views for the resident's journey through a form. They read, call services, render."""

from __future__ import annotations

from flask import (
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.datastructures import CombinedMultiDict

from .. import display, jobs, shells
from ..agency import closed_days, office_today
from ..assets import fixed_url
from ..catalog import form_or_404, forms
from ..extensions import db
from ..filestore import storage
from ..formbuilder import declaration_form_class, page_form_class
from ..formdefs import FormDefinition, Page
from ..i18n import current_language
from ..responses import stored_file
from ..services import checklist, clock, drafts, events, signatures, submissions
from ..services.documents import DocumentRefused
from ..services.uploads import accept_upload
from ..terminal import device
from ..terminal.views import handoff_page
from . import bp
from .context import (
    current_draft,
    draft_or_expired,
    draft_ttl,
    expired,
    form_meta,
    remember_draft,
    save_for_later,
    upload_limits,
)


@bp.get("/")
def index():
    return render_template("public/index.html", forms=list(forms()))


@bp.get("/help")
def help_page():
    return render_template("public/help.html")


@bp.get("/forms/<slug>/")
def start(slug: str):
    form = form_or_404(slug)
    draft = current_draft(form)
    in_progress = draft is not None and draft.submission_id is None and draft.answers
    return render_template(
        "public/start.html",
        form=form,
        in_progress=in_progress,
        readiness=checklist.readiness_page(form),
    )


@bp.post("/forms/<slug>/start")
def begin(slug: str):
    form = form_or_404(slug)
    draft = current_draft(form)
    if draft is None or draft.submission_id is not None or request.form.get("fresh"):
        if draft is not None and draft.submission_id is None:
            checklist.discard_uploads(db.session, storage(), draft)  # "Start again"
        draft = drafts.start_draft(
            db.session,
            form,
            language=request.form.get("lang") or current_language(),
            channel=device.channel(),
            now=clock.now(),
            ttl=draft_ttl(),
            today=office_today(),
        )
        remember_draft(form, draft)
        readiness = checklist.readiness_page(form)
        if readiness is not None and request.form.get("from") == "readiness":
            # What the readiness check asked is not asked again (WCAG 3.3.7): it fills
            # in those questions, which the resident still sees and confirms.
            bound = page_form_class(readiness)(request.form, meta=form_meta())
            if bound.validate_page({}):
                drafts.prefill(db.session, draft, bound.answers(), now=clock.now())
    journey = drafts.journey(form, draft, office_today())
    page = journey.first_unfinished() or journey.pages[0]
    return redirect(url_for(".question", slug=slug, page_id=page.id))


def _page_or_404(form: FormDefinition, page_id: str) -> Page:
    try:
        return form.page(page_id)
    except KeyError:
        abort(404)


@bp.route("/forms/<slug>/<page_id>", methods=["GET", "POST"])
def question(slug: str, page_id: str):
    form = form_or_404(slug)
    page = _page_or_404(form, page_id)
    reading = request.method in ("GET", "HEAD")  # HEAD is a GET without the page: no save
    draft = draft_or_expired(form, only_shown=reading)
    today = office_today()
    journey = drafts.journey(form, draft, today)
    if not journey.is_visible(page):
        return redirect(url_for(".check", slug=slug))
    form_class = page_form_class(page)
    if reading:
        bound = form_class(data=_page_data(page, draft.answers), meta=form_meta())
        _attach_files(page, bound, draft.answers)
        return _render_page(form, page, bound, journey, returning=request.args.get("change"))
    bound = form_class(CombinedMultiDict([request.form, request.files]), meta=form_meta())
    _attach_files(page, bound, draft.answers)
    action = request.form.get("action", "continue")
    if action.startswith("remove-") or action == "add":
        return _change_group(form, page, bound, draft, action)
    refused = _take_uploads(page, bound, draft)
    valid = bound.validate_page(draft.answers) and not refused
    for field_id, message in refused:
        bound[field_id].errors = [*bound[field_id].errors, message]
    answers = bound.visible_answers(draft.answers) if valid else bound.answers()
    drafts.save_page(
        db.session, draft, page, answers, complete=valid, now=clock.now(), ttl=draft_ttl()
    )
    _record_page(page, bound, draft, valid)
    kept = _kept_for_later(form, page, draft, action)
    if kept is not None:
        return kept
    if not valid:
        return _render_page(form, page, bound, journey, returning=request.form.get("return_to"))
    journey = drafts.journey(form, draft, today)
    if request.form.get("return_to") == "check":
        target = journey.first_unfinished()
        if target is None:
            return redirect(url_for(".check", slug=slug))
        return redirect(url_for(".question", slug=slug, page_id=target.id, change=1))
    following = journey.next_page(page)
    if following is None:
        after = ".documents" if journey.has_documents_step else ".check"
        return redirect(url_for(after, slug=slug))
    return redirect(url_for(".question", slug=slug, page_id=following.id))


def _kept_for_later(form, page, draft, action: str):
    """ "Save and come back later", or at a kiosk "Continue on my phone": the page's
    answers were kept as typed, valid or not; None for any other button."""
    if action == "save":
        return save_for_later(form, draft)
    if action == "phone" and device.current_device() is not None:
        return handoff_page(form, draft, url_for(".question", slug=form.slug, page_id=page.id))
    return None


def _record_page(page: Page, bound, draft, valid: bool) -> None:
    today = office_today()
    if valid:
        events.record(db.session, draft, "page_completed", today, page_id=page.id)
        return
    wrong = [
        {"page_id": page.id, "field_id": q.id}
        for q in page.fields
        if q.id in bound and bound[q.id].errors
    ]
    events.record_many(db.session, draft, "validation_error", today, wrong)


def _page_data(page: Page, answers: dict) -> dict:
    return {q.id: answers[q.id] for q in page.fields if q.id in answers and q.type != "file"}


def _attach_files(page: Page, bound, answers: dict) -> None:
    for q in page.fields:
        if q.type == "file":
            bound[q.id].existing = answers.get(q.id)


def _take_uploads(page: Page, bound, draft) -> list[tuple[str, str]]:
    refused = []
    limits = upload_limits()
    for q in page.fields:
        if q.type != "file":
            continue
        if request.form.get(f"{q.id}-remove"):
            bound[q.id].existing = None
        file = request.files.get(q.id)
        if file is None or not file.filename:
            continue
        data = file.stream.read(limits.max_bytes + 1)
        try:
            entry = accept_upload(
                db.session, storage(), draft, q, data, file.filename, limits=limits, now=clock.now()
            )
        except DocumentRefused as exc:
            refused.append((q.id, bound[q.id].gettext(exc.message) % exc.params))
            continue
        bound[q.id].existing = [entry]
    return refused


def _change_group(form, page, bound, draft, action):
    """ "Add another" and "Remove" keep what was typed and come back to the same page."""
    answers = bound.answers()
    anchor = ""
    for q in page.fields:
        if q.type != "group":
            continue
        items = list(answers.get(q.id) or [])
        if action == "add" and (q.max_items is None or len(items) < q.max_items):
            items.append({})
            anchor = f"{q.id}-{len(items) - 1}"
        elif action.startswith("remove-"):
            index = action.removeprefix("remove-")
            if index.isdigit() and int(index) < len(items) and len(items) > max(1, q.min_items):
                items.pop(int(index))
            anchor = q.id
        answers[q.id] = items
    drafts.save_page(
        db.session, draft, page, answers, complete=False, now=clock.now(), ttl=draft_ttl()
    )
    target = url_for(
        ".question",
        slug=form.slug,
        page_id=page.id,
        change=request.form.get("return_to") == "check" or None,
    )
    return redirect(f"{target}#{anchor}" if anchor else target)


def _render_page(form, page, bound, journey, returning=None):
    errors = bound.error_list()
    number, total = journey.step(page)
    previous = journey.previous_page(page)
    if returning:
        back = fixed_url("public.check", slug=form.slug)
    elif previous is not None:
        back = fixed_url("public.question", slug=form.slug, page_id=previous.id)
    else:
        back = fixed_url("public.start", slug=form.slug)
    shown = tuple(
        q.id
        for q in page.fields
        if q.id not in page.revealed_here and q.is_shown(journey.answers, journey.today)
    )
    return shells.render(
        "public/question.html",
        context={
            "form": form,
            "page": page,
            "shown": shown,
            "returning": bool(returning),
            "errors": errors,
        },
        slots={"bound": bound, "step": number, "steps": total, "back": back},
    )


@bp.get("/forms/<slug>/saved")
def saved(slug: str):
    form = form_or_404(slug)
    draft = draft_or_expired(form)
    code = session.pop("resume_code", None)
    if code is None:
        return redirect(url_for(".start", slug=slug))
    return render_template("public/saved.html", form=form, code=code, expires=draft.expires_at)


@bp.get("/forms/<slug>/check")
def check(slug: str):
    form = form_or_404(slug)
    draft = draft_or_expired(form)
    today = office_today()
    journey = drafts.journey(form, draft, today)
    unfinished = journey.first_unfinished()
    if unfinished is not None:
        return redirect(url_for(".question", slug=slug, page_id=unfinished.id))
    documents = checklist.checklist(db.session, form, draft, today)
    if checklist.missing(documents):
        # An answer changed and now needs a document: ask for it before anything else.
        return redirect(url_for(".documents", slug=slug))
    if documents:
        back = url_for(".documents", slug=slug)
    else:
        back = url_for(".question", slug=slug, page_id=journey.last_page().id)
    return render_template(
        "public/check.html",
        form=form,
        pages=journey.pages,
        answers=form.visible_answers(draft.answers, today),
        documents=documents,
        back=back,
    )


@bp.route("/forms/<slug>/declaration", methods=["GET", "POST"])
def declaration(slug: str):
    form = form_or_404(slug)
    draft = current_draft(form)
    if draft is None:
        return expired(form)
    form_class = declaration_form_class(form.declaration)
    bound = form_class(request.form if request.method == "POST" else None, meta=form_meta())
    drawn = signatures.drawn_signature(request.form.get("signature_image"))
    if request.method == "POST" and (draft.submission_id is not None or _valid(bound, drawn)):
        statement = {
            "text": form.declaration.text,
            "confirmed": True,
            "signed_at": clock.now().isoformat(),
        }
        name = bound.signature.data.strip() if "signature" in bound and bound.signature.data else ""
        if drawn and "signature" in bound:
            statement["signature"] = {"method": "drawn", "image": drawn, "name": name or None}
        elif name:
            statement["signature"] = {"method": "typed", "name": name}
        journey_token = draft.journey
        try:
            submission = submissions.submit(
                db.session,
                form,
                draft,
                statement,
                now=clock.now(),
                language=current_language(),
                channel=device.channel(),
                closed_days=closed_days(),
                today=office_today(),
            )
        except submissions.IncompleteApplication as exc:
            return redirect(url_for(".question", slug=slug, page_id=exc.page_id))
        except submissions.MissingDocuments:
            return redirect(url_for(".documents", slug=slug))
        if journey_token and not draft.journey:  # this request made the submission
            events.record_submitted(
                db.session, draft, journey_token, clock.now(), today=office_today()
            )
        if submission.pdf_status != "ready":
            jobs.request_submission_pdf(submission.id)
        return redirect(url_for(".confirmation", slug=slug))
    if draft.submission_id is not None:
        return redirect(url_for(".confirmation", slug=slug))
    errors = [(bound[name].id, message) for name in bound._fields for message in bound[name].errors]
    return render_template("public/declaration.html", form=form, bound=bound, errors=errors)


def _valid(bound, drawn: str | None) -> bool:
    """The declaration is accepted; a drawn signature stands in for the typed name."""
    valid = bound.validate()
    if not valid and drawn and "signature" in bound and not bound.signature.data:
        bound.signature.errors = []
        valid = not any(bound[name].errors for name in bound._fields)
    return valid


@bp.get("/forms/<slug>/confirmation")
def confirmation(slug: str):
    form = form_or_404(slug)
    draft = current_draft(form)
    if draft is None or draft.submission is None:
        return redirect(url_for(".start", slug=slug))
    return render_template(
        "public/confirmation.html",
        form=form,
        submission=draft.submission,
        to_hand_over=checklist.to_hand_over(form, draft.submission),
    )


@bp.get("/forms/<slug>/confirmation/pdf-status")
def pdf_status(slug: str):
    """The confirmation page's PDF box, for the script that updates it."""
    form = form_or_404(slug)
    draft = current_draft(form)
    if draft is None or draft.submission is None:
        abort(404)
    submission = draft.submission
    db.session.refresh(submission)
    return render_template("public/_pdf_status.html", form=form, submission=submission)


@bp.get("/forms/<slug>/confirmation/pdf")
def confirmation_pdf(slug: str):
    """The resident's sealed PDF, to the browser session that sent the application
    (never on a kiosk: nothing is downloaded onto a shared screen)."""
    form = form_or_404(slug)
    if device.current_device() is not None:
        abort(404)
    draft = current_draft(form)
    submission = draft.submission if draft is not None else None
    if submission is None or submission.pdf_status != "ready":
        abort(404)
    data = storage().read(submission.pdf_key)
    return stored_file(data, "application/pdf", f"{submission.reference}.pdf")


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    error = None
    if request.method == "POST" and not request.form.get("code", "").strip():
        error = "missing"
    elif request.method == "POST":
        draft = drafts.resume(db.session, request.form.get("code", ""), clock.now())
        if draft is not None and forms().get(draft.form_slug) is not None:
            form = forms().get(draft.form_slug)
            remember_draft(form, draft)
            events.record(db.session, draft, "resumed", office_today())
            return redirect(url_for(".begin_again", slug=form.slug))
        error = "unknown"
    return render_template("public/resume.html", error=error, code=request.form.get("code", "")), (
        400 if error else 200
    )


@bp.get("/forms/<slug>/continue")
def begin_again(slug: str):
    """Where a resumed draft lands: the first page still to answer, or check answers."""
    form = form_or_404(slug)
    draft = draft_or_expired(form)
    page = drafts.journey(form, draft, office_today()).first_unfinished()
    if page is None:
        return redirect(url_for(".check", slug=slug))
    return redirect(url_for(".question", slug=slug, page_id=page.id))


@bp.route("/settings", methods=["GET", "POST"])
def display_settings():
    """Text size and contrast, kept in the session (no personal data) for every page."""
    if request.method == "POST":
        for name, allowed in display.CHOICES.items():
            value = request.form.get(name)
            if value in allowed:
                session[name] = value
        target = request.form.get("next") or url_for(".index")
        if not target.startswith("/") or target.startswith("//"):
            target = url_for(".index")
        return redirect(target)
    return render_template("public/settings.html", next=request.args.get("next", ""))
