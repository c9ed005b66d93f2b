"""The one-question satisfaction survey, after submitting and on leaving a form.

A response names the form, the channel and the language, the rating from 1 (very
dissatisfied) to 5 (very satisfied) and an optional comment, with the day it was
given. Nothing links it to a submission or a draft. Email addresses and phone numbers
in comments are masked before they are stored.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy.orm import Session

from kiosk.messages import N_
from kiosk.models import SurveyResponse

RATINGS = {
    5: N_("Very satisfied"),
    4: N_("Satisfied"),
    3: N_("Neither satisfied nor dissatisfied"),
    2: N_("Dissatisfied"),
    1: N_("Very dissatisfied"),
}
MOMENTS = ("submitted", "exit")
MAX_COMMENT = 1200

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().\-/]{5,}\d(?![\w])")


def mask(text: str) -> str:
    """Replace email addresses and phone numbers (7 or more digits) with placeholders."""
    text = _EMAIL.sub("[email]", text)

    def phone(match: re.Match) -> str:
        digits = sum(char.isdigit() for char in match.group(0))
        return "[phone]" if digits >= 7 else match.group(0)

    return _PHONE.sub(phone, text)


def record_response(
    session: Session,
    *,
    form_slug: str,
    channel: str,
    language: str,
    moment: str,
    rating: int,
    comment: str,
    today: dt.date,
) -> SurveyResponse:
    if rating not in RATINGS:
        raise ValueError("rating must be 1 to 5")
    response = SurveyResponse(
        form_slug=form_slug,
        channel=channel,
        language=language,
        moment=moment if moment in MOMENTS else "submitted",
        rating=rating,
        comment=mask(comment.strip())[:MAX_COMMENT],
        answered_on=today,
    )
    session.add(response)
    session.commit()
    return response
