"""Back-office views. Every page but sign-in needs a signed-in clerk or admin."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import secrets

from flask import (
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import jobs
from ..agency import office_today, office_zone
from ..catalog import forms
from ..deliveries import email_code_to_resident
from ..extensions import db
from ..filestore import storage
from ..messages import N_
from ..models import AuditEvent, Delivery, StaffUser, Submission, Upload
from ..pdfs import check_stored_seal, page_pdf
from ..responses import spreadsheet, stored_file
from ..services import casework, clock, delivery, printing, staff, workflow
from ..services import information_requests as info_requests
from ..services.inbox import EXPORT_COLUMNS, InboxQuery, export_rows, inbox, printable_matching
from ..services.references import normalise_reference
from ..services.storage import FileMissing
from ..services.submission_pdf import failed_pdf_count, failed_pdfs, make_again, submission_uploads
from . import bp

log = logging.getLogger(__name__)

SIGNED_OUT_MESSAGES = {
    "idle": N_("You were signed out after 30 minutes without activity. Sign in again."),
    "expired": N_("You were signed out because you signed in more than 10 hours ago."),
    "signed-out": N_("You have signed out."),
}


def staff_required(view=None, *, role: str | None = None):
    """Only for a signed-in member of staff (and of `role`, if given)."""
    if view is None:
        return functools.partial(staff_required, role=role)

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        now = clock.now()
        user_id = session.get("staff_id")
        user = db.session.get(StaffUser, user_id) if user_id else None
        if user is None or not user.active:
            return redirect(url_for(".sign_in", next=request.full_path))
        since = dt.datetime.fromisoformat(session["staff_since"])
        seen = dt.datetime.fromisoformat(session["staff_seen"])
        if staff.session_expired(since, seen, now):
            reason = "idle" if now - seen > staff.IDLE_TIMEOUT else "expired"
            _forget_staff()
            back = request.full_path if request.method == "GET" else None  # the same page
            return redirect(url_for(".sign_in", reason=reason, next=back))
        if role and user.role != role:
            abort(403)
        session["staff_seen"] = now.isoformat()
        g.staff_user = user
        if user.role == "admin":
            # what waits for an admin on the deliveries page: failed deliveries and PDFs
            g.failed_to_mend = delivery.failed_count(db.session) + failed_pdf_count(db.session)
        return view(*args, **kwargs)

    return wrapper


def audit(action: str, **detail) -> None:
    """Record what the signed-in member of staff just did."""
    staff.audit(db.session, action, user=g.staff_user, now=clock.now(), **detail)


def _forget_staff() -> None:
    for key in ("staff_id", "staff_since", "staff_seen"):
        session.pop(key, None)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    error = None
    email = request.form.get("email", "")
    if request.method == "POST":
        result = staff.sign_in(
            db.session,
            email,
            request.form.get("password", ""),
            clock.now(),
            address=request.remote_addr or "",
        )
        if result.ok:
            now = clock.now().isoformat()
            session.update(staff_id=result.user.id, staff_since=now, staff_seen=now)
            target = request.args.get("next", "")
            if not target.startswith("/staff/") or target.startswith("//"):
                target = url_for(".inbox_page")
            return redirect(target)
        error = "locked" if result.locked_until else "wrong"
        locked_until = result.locked_until
    else:
        locked_until = None
    reason = request.args.get("reason")
    return render_template(
        "staff/sign_in.html",
        error=error,
        email=email,
        locked_until=locked_until,
        notice=SIGNED_OUT_MESSAGES.get(reason),
    ), (400 if error else 200)


@bp.post("/sign-out")
@staff_required
def sign_out():
    audit("sign-out")
    _forget_staff()
    return redirect(url_for(".sign_in", reason="signed-out"))


FILTERS = ("form", "status", "channel", "overdue", "unprinted")
SEARCHES_KEPT = 5


def _inbox_query(args=None) -> InboxQuery:
    args = request.args if args is None else args
    return InboxQuery(
        form=args.get("form") or None,
        status=args.get("status") if args.get("status") in workflow.STATUSES else None,
        channel=args.get("channel") or None,
        overdue=args.get("overdue") == "1",
        unprinted=args.get("unprinted") == "1",
        search=(args.get("q") or _kept_search(args.get("search")) or "")[:100],
        page=args.get("page", 1, type=int),
    )


def _kept_search(handle: str | None) -> str | None:
    """A name search is kept in the clerk's session and named in addresses by a handle
    (`?search=…`): a resident's name stays out of URLs, browser history and access logs
    (references, which are not names, stay in the address as `?q=`)."""
    return session.get("inbox_searches", {}).get(handle) if handle else None


def _inbox_address(filters: dict[str, str], typed: str) -> str:
    """The inbox's address for `filters` and what was typed in the search box."""
    args = {key: filters[key] for key in FILTERS if filters.get(key)}
    typed = typed.strip()[:100]
    if typed and normalise_reference(typed):
        args["q"] = typed
    elif typed:
        kept = dict(session.get("inbox_searches", {}))
        handle = next((key for key, text in kept.items() if text == typed), None)
        if handle is None:
            handle = secrets.token_urlsafe(6)
            kept = dict(list(kept.items())[-(SEARCHES_KEPT - 1) :])
            kept[handle] = typed
            session["inbox_searches"] = kept
        args["search"] = handle
    return url_for(".inbox_page", **args)


@bp.post("/search")
@staff_required
def inbox_search():
    """The inbox's filters, sent by POST so that a name typed in the search box is not
    written into the address."""
    return redirect(_inbox_address(request.form, request.form.get("q", "")))


@bp.get("/")
@staff_required
def inbox_page():
    typed = request.args.get("q", "")
    if typed and not normalise_reference(typed):  # an old address with a name in it
        return redirect(_inbox_address(request.args, typed))
    if request.args.get("search") and _kept_search(request.args["search"]) is None:
        # the clerk's session ended since: the list would look like the search's results
        return redirect(url_for(".inbox_page", search_ended=1))
    query = _inbox_query()
    today = office_today()
    page = inbox(db.session, query, today)
    return render_template(
        "staff/inbox.html",
        page=page,
        query=query,
        today=today,
        forms=forms(),
        statuses=workflow.STATUSES,
        overdue=workflow.is_overdue,
        print_error=request.args.get("print_error"),
        search_ended=request.args.get("search_ended") == "1",
        select_all=request.args.get("select") == "page",
        max_batch=printing.MAX_BATCH,
    )


@bp.get("/export.csv")
@staff_required
def export_csv():
    """The inbox as CSV, with the same filters: no answers, no document contents."""
    query = _inbox_query()
    today = office_today()
    audit("export", filters=_filters_to_record())

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        for row in export_rows(db.session, query, today, office_zone()):
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return spreadsheet(stream_with_context(lines()), f"inbox-{today}.csv")


def _filters_to_record() -> dict[str, str]:
    """The inbox's filters for the audit log: whether a search was by name or by
    reference, never what was typed (a resident's name is personal data)."""
    filters = request.args.to_dict()
    searched = (filters.pop("q", "") or _kept_search(filters.pop("search", None)) or "").strip()
    if searched:
        filters["search"] = "reference" if normalise_reference(searched) else "name"
    return filters


def _submission_or_404(reference: str) -> Submission:
    submission = db.session.scalar(select(Submission).where(Submission.reference == reference))
    if submission is None:
        abort(404)
    return submission


@bp.get("/submissions/<reference>")
@staff_required
def submission_page(reference: str):
    submission = _submission_or_404(reference)
    audit("view", submission_id=submission.id)
    return _show_submission(submission)


def _show_submission(submission: Submission, error: str | None = None, typed=None):
    """The submission's page; with `error`, the status form shows it with what the clerk
    typed (`typed`: the posted form), answered 400."""
    form = forms().get(submission.form_slug)
    seal = pdf_missing = None
    if submission.pdf_status == "ready":
        try:
            seal = check_stored_seal(current_app, storage().read(submission.pdf_key))
        except FileMissing:
            log.error("the PDF of %s is missing from storage", submission.reference)
            pdf_missing = True
    history = workflow.history(db.session, submission)
    uploads = submission_uploads(db.session, submission)
    issued = session.pop("issued_code", None)
    saved = session.pop("saved", None)
    page = render_template(
        "staff/submission.html",
        submission=submission,
        form=form,
        deliveries=delivery.for_submission(db.session, submission),
        information_requests=info_requests.for_submission(db.session, submission),
        issued=issued if issued and issued.get("reference") == submission.reference else None,
        saved=saved if saved and saved.get("reference") == submission.reference else None,
        answers=submission.answers,
        seal=seal,
        pdf_missing=pdf_missing,
        history=history,
        uploads=uploads,
        statuses=workflow.STATUSES,
        next_statuses=workflow.NEXT.get(submission.status, ()),
        overdue=workflow.is_overdue(submission, office_today()),
        error=error,
        typed=typed or {},
    )
    return page, 400 if error else 200


@bp.get("/still-here")
@staff_required
def still_here():
    """Typing counts as activity: while a clerk writes in a form marked
    `data-keep-signed-in`, kiosk.js calls this at most once a minute, so the idle
    sign-out does not take a note that is long to write (`staff_required` records the
    activity). A clerk who walks away is still signed out after 30 minutes."""
    return "", 204


@bp.post("/submissions/<reference>/status")
@staff_required
def change_status(reference: str):
    submission = _submission_or_404(reference)
    to_status = request.form.get("status", "")
    note = request.form.get("note", "")[:2000]
    document = request.form.get("document", "")
    described = request.form.get("document_other", "")[:500]

    def problem(error: str):
        # shown at once, with what the clerk typed: a redirect would lose the note
        return _show_submission(submission, error, request.form)

    if not note.strip():
        return problem("note" if to_status else "empty-note")
    try:
        issued = casework.change_status(
            db.session,
            submission,
            forms().get(submission.form_slug),
            to_status,
            note,
            document=document,
            description=described,
            user=g.staff_user,
            now=clock.now(),
        )
    except info_requests.RequestError:
        return problem("document")
    except workflow.NotAllowed:
        return problem("status")
    if issued is not None:
        _show_code_once(reference, issued)
    elif to_status:
        jobs.request_delivery(submission.id)  # the resident's notice, if they gave an email
    session["saved"] = {"reference": reference, "status": to_status}  # said on the next page
    return redirect(url_for(".submission_page", reference=reference))


@bp.post("/submissions/<reference>/requests/<int:request_id>/code")
@staff_required
def new_request_code(reference: str, request_id: int):
    """A new code for an open document request, when the resident lost the first."""
    submission = _submission_or_404(reference)
    wanted = info_requests.open_request(db.session, submission, request_id)
    if wanted is None:
        abort(404)
    issued = info_requests.new_code_for(db.session, wanted, user=g.staff_user, now=clock.now())
    _show_code_once(reference, issued)
    return redirect(url_for(".submission_page", reference=reference) + "#requests")


def _show_code_once(reference: str, issued: info_requests.Issued) -> None:
    """Email the code to the resident if they gave an address; and show it to the clerk
    on the next page view only, through the signed session cookie."""
    emailed, address = email_code_to_resident(current_app, issued.request.submission, issued)
    session["issued_code"] = {
        "reference": reference,
        "code": issued.code,
        "document": issued.request.document_name,
        "emailed": emailed,
        "email": address,
    }


@bp.get("/submissions/<reference>/pdf")
@staff_required
def submission_pdf(reference: str):
    submission = _submission_or_404(reference)
    if submission.pdf_status != "ready":
        abort(404)
    audit("download", submission_id=submission.id, file="pdf")
    return stored_file(storage().read(submission.pdf_key), "application/pdf", f"{reference}.pdf")


@bp.get("/submissions/<reference>/print")
@staff_required
def print_submission(reference: str):
    """The sealed PDF, opened in the browser to print, and the submission marked printed."""
    submission = _submission_or_404(reference)
    if submission.pdf_status != "ready":
        abort(404)
    printing.mark_printed(db.session, [submission], user=g.staff_user, now=clock.now())
    data = storage().read(submission.pdf_key)
    return stored_file(data, "application/pdf", f"{reference}.pdf", inline=True)


@bp.post("/print")
@staff_required
def print_batch():
    """The selected submissions' PDFs merged into one file to print at once; or, with
    `all`, every printable submission the inbox's filters match (up to MAX_BATCH)."""
    if request.form.get("all"):
        query = _inbox_query(request.form)
        ready = printable_matching(db.session, query, office_today(), printing.MAX_BATCH)
    else:
        ready = printing.printable(db.session, request.form.getlist("reference"))
    if not ready:
        return redirect(url_for(".inbox_page", print_error=1))
    batch = printing.merged(
        ready,
        storage().read,
        _missing_page,
        title=_("Print copy of sealed submissions: the sealed originals are in the back office"),
    )
    if batch.missing:
        log.error(
            "print batch: PDFs missing from storage: %s", [s.reference for s in batch.missing]
        )
    printing.mark_printed(db.session, batch.printed, user=g.staff_user, now=clock.now())
    name = f"print-{clock.now():%Y%m%d-%H%M}.pdf"
    return stored_file(batch.pdf, "application/pdf", name, inline=True)


def _missing_page(missing: list[Submission]) -> bytes:
    """A first page for a print batch that names the submissions it could not print."""
    return page_pdf(render_template("staff/print_missing.html", missing=missing))


@bp.get("/submissions/<reference>/files/<int:upload_id>")
@staff_required
def submission_file(reference: str, upload_id: int):
    submission = _submission_or_404(reference)
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.submission_id != submission.id:
        abort(404)
    audit("download", submission_id=submission.id, file=upload.filename)
    return stored_file(storage().read(upload.storage_key), upload.content_type, upload.filename)


@bp.get("/deliveries")
@staff_required(role="admin")
def deliveries_page():
    """Deliveries that failed or still wait, for an admin to watch and retry."""
    return render_template(
        "staff/deliveries.html",
        deliveries=delivery.undelivered(db.session),
        failed_pdfs=failed_pdfs(db.session),
        max_attempts=delivery.MAX_ATTEMPTS,
        retried=request.args.get("retried"),
    )


@bp.post("/submissions/<reference>/pdf/again")
@staff_required(role="admin")
def make_pdf_again(reference: str):
    """A PDF that could not be made, made again once its cause is mended (a seal, a font)."""
    submission = _submission_or_404(reference)
    if submission.pdf_status != "failed":
        return redirect(url_for(".deliveries_page"))
    make_again(db.session, submission)
    audit("pdf-again", submission_id=submission.id)
    jobs.request_submission_pdf(submission.id)
    return redirect(url_for(".deliveries_page", retried="pdf"))


@bp.post("/deliveries/<int:delivery_id>/retry")
@staff_required(role="admin")
def retry_delivery(delivery_id: int):
    outgoing = db.session.get(Delivery, delivery_id)
    if outgoing is None:
        abort(404)
    delivery.retry(db.session, outgoing, clock.now())
    audit("delivery-retry", submission_id=outgoing.submission_id, channel=outgoing.channel)
    jobs.request_delivery(outgoing.submission_id)
    back = request.form.get("back")
    if back == "submission":
        reference = outgoing.submission.reference
        return redirect(url_for(".submission_page", reference=reference) + "#deliveries")
    return redirect(url_for(".deliveries_page", retried=1))


@bp.get("/audit")
@staff_required(role="admin")
def audit_log():
    events = db.session.scalars(
        select(AuditEvent)
        .options(selectinload(AuditEvent.staff_user), selectinload(AuditEvent.submission))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(200)
    ).all()
    return render_template("staff/audit.html", events=events)
