"""/status: a resident sees where their application is, with no account."""

from __future__ import annotations

from flask import render_template, request

from ..catalog import forms
from ..extensions import db
from ..services import clock, tracking, workflow
from ..services import information_requests as info_requests
from . import bp


@bp.route("/status", methods=["GET", "POST"])
def status():
    now = clock.now()
    address = request.remote_addr or ""
    reference = request.form.get("reference", "")[:40]
    email = request.form.get("email", "")[:200]
    error = None
    submission = None
    last_change = None
    asked = []
    paused = tracking.paused_until(db.session, address, now)
    if request.method == "POST" and paused is None:
        submission = tracking.find(db.session, forms(), reference, email, address=address, now=now)
        if submission is None:
            error = "not-found"
        else:
            last_change = workflow.last_change(db.session, submission)
            if submission.status == "needs_information":
                asked = info_requests.open_requests(db.session, submission)
    elif request.method == "POST":
        error = "paused"
    return render_template(
        "public/status.html",
        reference=reference,
        email=email,
        error=error,
        paused=paused,
        submission=submission,
        form=forms().get(submission.form_slug) if submission else None,
        last_change=last_change,
        asked=asked,
        statuses=workflow.STATUSES,
    ), (400 if error else 200)
