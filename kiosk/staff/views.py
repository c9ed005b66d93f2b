"""Back-office views. Every page but sign-in needs a signed-in clerk or admin."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io

from flask import (
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    stream_with_context,
    url_for,
)
from sqlalchemy import select

from ..catalog import forms
from ..extensions import db
from ..models import AuditEvent, StaffUser, StatusChange, Submission, Upload
from ..pdfs import trust_roots
from ..public.context import storage
from ..services import clock, printing, signing, staff, workflow
from ..services.documents import N_
from ..services.inbox import InboxQuery, export_rows, inbox, safe_cell
from . import bp

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
            return redirect(url_for(".sign_in", reason=reason))
        if role and user.role != role:
            abort(403)
        session["staff_seen"] = now.isoformat()
        g.staff_user = user
        return view(*args, **kwargs)

    return wrapper


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
    staff.audit(db.session, "sign-out", user=g.staff_user, now=clock.now())
    _forget_staff()
    return redirect(url_for(".sign_in", reason="signed-out"))


def _inbox_query() -> InboxQuery:
    args = request.args
    return InboxQuery(
        form=args.get("form") or None,
        status=args.get("status") if args.get("status") in workflow.STATUSES else None,
        channel=args.get("channel") or None,
        overdue=args.get("overdue") == "1",
        search=args.get("q", "")[:100],
        page=args.get("page", 1, type=int),
    )


@bp.get("/")
@staff_required
def inbox_page():
    query = _inbox_query()
    today = clock.now().date()
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
    )


@bp.get("/export.csv")
@staff_required
def export_csv():
    """The inbox as CSV, with the same filters: no answers, no document contents."""
    query = _inbox_query()
    today = clock.now().date()
    staff.audit(
        db.session, "export", user=g.staff_user, now=clock.now(), filters=request.args.to_dict()
    )
    columns = ["reference", "form", "name", "channel", "received", "status", "due", "overdue"]

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in export_rows(db.session, query, today):
            writer.writerow(
                safe_cell(value)
                for value in (
                    row.reference,
                    row.form_slug,
                    row.resident_name,
                    row.channel,
                    row.submitted_at.isoformat(),
                    row.status,
                    row.due_on.isoformat(),
                    "yes" if workflow.is_overdue(row, today) else "no",
                )
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = current_app.response_class(
        stream_with_context(lines()), mimetype="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f"attachment; filename=inbox-{today}.csv"
    return response


def _submission_or_404(reference: str) -> Submission:
    submission = db.session.scalar(select(Submission).where(Submission.reference == reference))
    if submission is None:
        abort(404)
    return submission


@bp.get("/submissions/<reference>")
@staff_required
def submission_page(reference: str):
    submission = _submission_or_404(reference)
    form = forms().get(submission.form_slug)
    staff.audit(db.session, "view", user=g.staff_user, now=clock.now(), submission_id=submission.id)
    seal = None
    if submission.pdf_status == "ready":
        seal = signing.check_seal(storage().read(submission.pdf_key), trust_roots(current_app))
    history = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.submission_id == submission.id)
        .order_by(StatusChange.at, StatusChange.id)
    ).all()
    uploads = db.session.scalars(
        select(Upload).where(Upload.submission_id == submission.id).order_by(Upload.id)
    ).all()
    return render_template(
        "staff/submission.html",
        submission=submission,
        form=form,
        answers=submission.answers,
        seal=seal,
        history=history,
        uploads=uploads,
        statuses=workflow.STATUSES,
        next_statuses=workflow.NEXT.get(submission.status, ()),
        overdue=workflow.is_overdue(submission, clock.now().date()),
        error=request.args.get("error"),
    )


@bp.post("/submissions/<reference>/status")
@staff_required
def change_status(reference: str):
    submission = _submission_or_404(reference)
    to_status = request.form.get("status", "")
    note = request.form.get("note", "")[:2000]
    if not note.strip():
        return redirect(url_for(".submission_page", reference=reference, error="note") + "#status")
    try:
        workflow.change_status(
            db.session, submission, to_status, note, user=g.staff_user, now=clock.now()
        )
    except workflow.NotAllowed:
        return redirect(
            url_for(".submission_page", reference=reference, error="status") + "#status"
        )
    return redirect(url_for(".submission_page", reference=reference))


@bp.get("/submissions/<reference>/pdf")
@staff_required
def submission_pdf(reference: str):
    submission = _submission_or_404(reference)
    if submission.pdf_status != "ready":
        abort(404)
    staff.audit(
        db.session,
        "download",
        user=g.staff_user,
        now=clock.now(),
        submission_id=submission.id,
        file="pdf",
    )
    return _attachment(storage().read(submission.pdf_key), "application/pdf", f"{reference}.pdf")


@bp.get("/submissions/<reference>/print")
@staff_required
def print_submission(reference: str):
    """The sealed PDF, opened in the browser to print, and the submission marked printed."""
    submission = _submission_or_404(reference)
    if submission.pdf_status != "ready":
        abort(404)
    printing.mark_printed(db.session, [submission], user=g.staff_user, now=clock.now())
    return _inline_pdf(storage().read(submission.pdf_key), f"{reference}.pdf")


@bp.post("/print")
@staff_required
def print_batch():
    """The selected submissions' PDFs merged into one file to print at once."""
    references = request.form.getlist("reference")[: printing.MAX_BATCH]
    chosen = db.session.scalars(
        select(Submission)
        .where(Submission.reference.in_(references))
        .order_by(Submission.submitted_at, Submission.id)
    ).all()
    ready = printing.printable(chosen)
    if not ready:
        return redirect(url_for(".inbox_page", print_error=1))
    data = printing.merged(ready, storage().read)
    printing.mark_printed(db.session, ready, user=g.staff_user, now=clock.now())
    return _inline_pdf(data, f"print-{clock.now():%Y%m%d-%H%M}.pdf")


def _inline_pdf(data: bytes, name: str):
    response = send_file(
        io.BytesIO(data), mimetype="application/pdf", download_name=name, max_age=0
    )
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/submissions/<reference>/files/<int:upload_id>")
@staff_required
def submission_file(reference: str, upload_id: int):
    submission = _submission_or_404(reference)
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.submission_id != submission.id:
        abort(404)
    staff.audit(
        db.session,
        "download",
        user=g.staff_user,
        now=clock.now(),
        submission_id=submission.id,
        file=upload.filename,
    )
    return _attachment(storage().read(upload.storage_key), upload.content_type, upload.filename)


def _attachment(data: bytes, content_type: str, name: str):
    response = send_file(
        io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=name, max_age=0
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/audit")
@staff_required(role="admin")
def audit_log():
    events = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(200)
    ).all()
    return render_template("staff/audit.html", events=events)
