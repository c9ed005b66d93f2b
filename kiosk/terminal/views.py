"""Kiosk screens: enrollment, the welcome screen, the wipe, handoff to a phone, receipts."""

from __future__ import annotations

import functools

from flask import redirect, render_template, request, session, url_for
from markupsafe import Markup

from ..addresses import external_url
from ..agency import office_today
from ..catalog import form_or_404, forms
from ..extensions import csrf, db
from ..filestore import storage
from ..public.context import current_draft, remember_draft
from ..services import checklist, clock, qr, terminals
from . import bp
from .device import current_device, set_device_cookie

WIPE_HEADERS = {
    # Everything the browser kept for this site, but the device cookie: cookies are
    # not cleared wholesale, the session cookie is deleted by emptying the session.
    "Clear-Site-Data": '"cache", "storage"',
}


def kiosk_only(view):
    """Only for an enrolled kiosk; any other browser gets a page that says so."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_device() is None:
            return render_template("terminal/not_enrolled.html"), 403
        return view(*args, **kwargs)

    return wrapper


@bp.route("/kiosk/enroll/<token>", methods=["GET", "POST"])
def enroll(token: str):
    device = terminals.pending_enrollment(db.session, token, clock.now())
    if device is None:
        return render_template("terminal/enroll_invalid.html"), 404
    if request.method == "POST":
        key = terminals.enroll(db.session, device, clock.now())
        session.clear()
        return set_device_cookie(redirect(url_for(".welcome")), device.id, key)
    return render_template("terminal/enroll.html", device=device)


@bp.post("/kiosk/boot")
@csrf.exempt  # posted by the launcher's local start page, with the device's own key
def boot():
    """The launcher's way in: an incognito Chromium proves it is the device by its key."""
    try:
        device_id = int(request.form.get("device", ""))
    except ValueError:
        device_id = 0
    key = request.form.get("key", "")
    device = terminals.recognise(db.session, device_id, key) if device_id and key else None
    if device is None:
        return render_template("terminal/enroll_invalid.html"), 403
    session.clear()
    return set_device_cookie(redirect(url_for(".welcome")), device.id, key)


@bp.get("/kiosk/")
@kiosk_only
def welcome():
    return render_template("terminal/welcome.html", device=current_device(), forms=list(forms()))


@bp.post("/kiosk/wipe")
@csrf.exempt  # the idle timer must wipe even when the page's token has gone stale
@kiosk_only
def wipe():
    """End the visit: drafts and files deleted, session emptied, browser data cleared."""
    drafts = list(session.get("drafts", {}).values())
    terminals.wipe(db.session, storage(), drafts, forms(), clock.now(), office_today())
    session.clear()
    response = redirect(url_for(".welcome"))
    response.headers.update(WIPE_HEADERS)
    return response


@bp.post("/kiosk/forms/<slug>/phone")
@kiosk_only
def continue_on_phone(slug: str):
    """A QR code with a single-use link that moves this draft to the visitor's phone."""
    form = form_or_404(slug)
    draft = current_draft(form)
    if draft is None or draft.submission_id is not None:
        return redirect(url_for(".welcome"))
    return handoff_page(form, draft, url_for("public.begin_again", slug=slug))


def handoff_page(form, draft, back: str):
    """The QR code page for `draft`; `back` is where "Continue here instead" goes.
    A question page's "Continue on my phone" saves what was typed, then shows this."""
    token = terminals.hand_off(db.session, draft, clock.now())
    link = external_url("terminal.take_handoff", token=token)
    return render_template(
        "terminal/handoff.html",
        form=form,
        qr=Markup(qr.svg(link, scale=6)),
        minutes=int(terminals.HANDOFF_VALID_FOR.total_seconds() // 60),
        back=back,
    )


@bp.get("/handoff/<token>")
def take_handoff(token: str):
    """On the visitor's phone: the draft from the kiosk, to finish here."""
    draft = terminals.take_handoff(db.session, token, clock.now())
    form = forms().get(draft.form_slug) if draft is not None else None
    if draft is None or form is None:
        return render_template("terminal/handoff_invalid.html"), 410
    remember_draft(form, draft)
    return redirect(url_for("public.begin_again", slug=form.slug))


@bp.get("/kiosk/forms/<slug>/receipt")
@kiosk_only
def receipt(slug: str):
    """A receipt for the receipt printer or A4: no personal data, only what comes next."""
    form = form_or_404(slug)
    draft = current_draft(form)
    if draft is None or draft.submission is None:
        return redirect(url_for(".welcome"))
    submission = draft.submission
    status_url = external_url("public.status")
    return render_template(
        "terminal/receipt.html",
        form=form,
        submission=submission,
        device=current_device(),
        status_url=status_url,
        qr=Markup(qr.svg(status_url, scale=3)),
        to_hand_over=checklist.to_hand_over(form, submission),
    )
