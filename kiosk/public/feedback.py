"""The satisfaction survey: after the confirmation, and on "Exit" from a form."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for

from ..agency import office_today
from ..catalog import form_or_404
from ..extensions import db
from ..i18n import current_language
from ..services import survey
from . import bp
from .context import current_draft

GIVEN = "feedback_given"


@bp.get("/forms/<slug>/exit")
def exit_form(slug: str):
    """Leaving a form: where the answers are, and the one question."""
    form = form_or_404(slug)
    draft = current_draft(form)
    saved = draft is not None and draft.submission_id is None and bool(draft.resume_code_hash)
    return render_template("public/exit.html", form=form, saved=saved, moment="exit")


@bp.post("/forms/<slug>/feedback")
def feedback(slug: str):
    form = form_or_404(slug)
    moment = request.form.get("moment") if request.form.get("moment") in survey.MOMENTS else "exit"
    given = session.get(GIVEN, [])
    if f"{slug}:{moment}" in given:
        return redirect(url_for(".feedback_thanks", slug=slug))
    rating = request.form.get("rating", type=int)
    if rating not in survey.RATINGS:
        template = "public/exit.html" if moment == "exit" else "public/feedback_again.html"
        return render_template(
            template,
            form=form,
            moment=moment,
            survey_error=True,
            comment=request.form.get("comment", "")[: survey.MAX_COMMENT],
            saved=False,
        ), 400
    draft = current_draft(form)
    survey.record_response(
        db.session,
        form_slug=form.slug,
        channel=draft.channel if draft is not None else "home",
        language=current_language(),
        moment=moment,
        rating=rating,
        comment=request.form.get("comment", ""),
        today=office_today(),
    )
    session[GIVEN] = [*given, f"{slug}:{moment}"][-20:]
    return redirect(url_for(".feedback_thanks", slug=slug))


@bp.get("/forms/<slug>/feedback/thanks")
def feedback_thanks(slug: str):
    form = form_or_404(slug)
    return render_template("public/feedback_thanks.html", form=form)
