"""The numbers on the insights dashboard, from journey events, survey responses and the
status history, for one form or all, one channel or both, over a period of days."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import JourneyEvent, StatusChange, Submission, SurveyResponse

DECISIONS = ("approved", "rejected")
TOP = 10
RECENT_COMMENTS = 20


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @classmethod
    def ending(cls, last: dt.date, days: int = 30) -> Period:
        return cls(last - dt.timedelta(days=days - 1), last)


@dataclass(frozen=True)
class Scope:
    period: Period
    form: FormDefinition | None = None  # None: every form
    channel: str | None = None  # None: every channel
    zone: dt.tzinfo = dt.UTC  # the office's clock, by which decisions fall in days and months


@dataclass
class Insights:
    scope: Scope
    started: int = 0  # journeys started in the period
    submitted: int = 0  # journeys submitted in the period, whenever they started
    completed: int = 0  # journeys started in the period and submitted since
    median_seconds: float | None = None
    funnel: list[tuple[str, str, int]] = field(default_factory=list)  # (page id, title, count)
    field_errors: list[tuple[str, str, int]] = field(default_factory=list)  # (form, field, n)
    documents_missing: list[tuple[str, str, int]] = field(default_factory=list)
    ratings: dict[int, int] = field(default_factory=dict)
    comments: list[SurveyResponse] = field(default_factory=list)
    within_standard: list[tuple[str, int, int]] = field(default_factory=list)  # month, in, all

    @property
    def completion_rate(self) -> float | None:
        """Of the journeys started in the period, the share submitted (at most 1)."""
        return self.completed / self.started if self.started else None

    @property
    def responses(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfaction(self) -> float | None:
        if not self.responses:
            return None
        return sum(rating * count for rating, count in self.ratings.items()) / self.responses


def gather(session: Session, scope: Scope, forms: Iterable[FormDefinition]) -> Insights:
    by_slug = {form.slug: form for form in forms}
    result = Insights(scope)
    result.started = _count_journeys(session, scope, "started")
    result.submitted = _count_journeys(session, scope, "submitted")
    result.completed = _count_cohort(session, scope, "submitted")
    durations = session.scalars(
        _events(scope, "submitted").with_only_columns(JourneyEvent.elapsed_seconds)
    ).all()
    durations = [seconds for seconds in durations if seconds is not None]
    result.median_seconds = statistics.median(durations) if durations else None
    if scope.form is not None:
        result.funnel = _funnel(session, scope)
    result.field_errors = [
        (slug, _field_label(by_slug.get(slug), field_id), count)
        for slug, field_id, count in _top(session, scope, "validation_error", JourneyEvent.field_id)
    ]
    result.documents_missing = [
        (slug, _document_name(by_slug.get(slug), document_id), count)
        for slug, document_id, count in _top(
            session, scope, "documents_missing", JourneyEvent.document_id
        )
    ]
    result.ratings = {rating: 0 for rating in range(1, 6)}
    for rating, count in session.execute(
        _responses(scope)
        .with_only_columns(SurveyResponse.rating, func.count())
        .group_by(SurveyResponse.rating)
    ):
        result.ratings[rating] = count
    result.comments = list(
        session.scalars(
            _responses(scope)
            .where(SurveyResponse.comment != "")
            .order_by(SurveyResponse.answered_on.desc(), SurveyResponse.id.desc())
            .limit(RECENT_COMMENTS)
        )
    )
    result.within_standard = _within_standard(session, scope)
    return result


def _events(scope: Scope, kind: str):
    query = select(JourneyEvent).where(JourneyEvent.kind == kind)
    return _within(query, scope, JourneyEvent.occurred_on, JourneyEvent)


def _count_journeys(session: Session, scope: Scope, kind: str) -> int:
    query = _events(scope, kind).with_only_columns(func.count(func.distinct(JourneyEvent.journey)))
    return session.scalar(query) or 0


def _cohort(scope: Scope):
    """The journeys started in the scope: the funnel and the completion rate follow them
    to the end, so that a journey started before the period never counts as finishing."""
    return _events(scope, "started").with_only_columns(JourneyEvent.journey)


def _count_cohort(session: Session, scope: Scope, kind: str) -> int:
    query = select(func.count(func.distinct(JourneyEvent.journey))).where(
        JourneyEvent.kind == kind, JourneyEvent.journey.in_(_cohort(scope))
    )
    return session.scalar(query) or 0


def _funnel(session: Session, scope: Scope) -> list[tuple[str, str, int]]:
    """How many of the journeys started in the period completed each page of the form,
    in the form's order."""
    counts = dict(
        session.execute(
            select(JourneyEvent.page_id, func.count(func.distinct(JourneyEvent.journey)))
            .where(
                JourneyEvent.kind == "page_completed",
                JourneyEvent.journey.in_(_cohort(scope)),
            )
            .group_by(JourneyEvent.page_id)
        ).all()
    )
    return [(page.id, page.title, counts.get(page.id, 0)) for page in scope.form.pages]


def _top(session: Session, scope: Scope, kind: str, column) -> list[tuple[str, str, int]]:
    count = func.count(JourneyEvent.id)
    rows = session.execute(
        _events(scope, kind)
        .with_only_columns(JourneyEvent.form_slug, column, count)
        .group_by(JourneyEvent.form_slug, column)
        .order_by(count.desc(), JourneyEvent.form_slug, column)
        .limit(TOP)
    )
    return [(slug, key or "", number) for slug, key, number in rows]


def _responses(scope: Scope):
    return _within(select(SurveyResponse), scope, SurveyResponse.answered_on, SurveyResponse)


def _within(query, scope: Scope, day, model):
    """`query` narrowed to the scope's days, form and channel (`model` has `form_slug`
    and `channel` columns)."""
    query = query.where(day >= scope.period.first, day <= scope.period.last)
    if scope.form is not None:
        query = query.where(model.form_slug == scope.form.slug)
    if scope.channel is not None:
        query = query.where(model.channel == scope.channel)
    return query


def _within_standard(session: Session, scope: Scope) -> list[tuple[str, int, int]]:
    """Per month of decision: decisions made by the due date, and all decisions."""
    start = dt.datetime.combine(scope.period.first, dt.time(), scope.zone)
    end = dt.datetime.combine(scope.period.last + dt.timedelta(days=1), dt.time(), scope.zone)
    query = (
        select(StatusChange.at, Submission.due_on)
        .join(Submission, StatusChange.submission_id == Submission.id)
        .where(
            StatusChange.to_status.in_(DECISIONS),
            StatusChange.from_status != StatusChange.to_status,  # not a clerk's note
            StatusChange.at >= start,
            StatusChange.at < end,
        )
    )
    if scope.form is not None:
        query = query.where(Submission.form_slug == scope.form.slug)
    if scope.channel is not None:
        query = query.where(Submission.channel == scope.channel)
    made: Counter[str] = Counter()
    on_time: Counter[str] = Counter()
    for at, due_on in session.execute(query):
        day = at.astimezone(scope.zone).date()
        month = f"{day:%Y-%m}"
        made[month] += 1
        on_time[month] += day <= due_on
    return [(month, on_time[month], made[month]) for month in sorted(made)]


def _field_label(form: FormDefinition | None, field_id: str) -> str:
    if form is not None:
        for question in form.fields():
            if question.id == field_id:
                return question.label
    return field_id


def _document_name(form: FormDefinition | None, document_id: str) -> str:
    for requirement in form.documents if form is not None else ():
        if requirement.id == document_id:
            return requirement.name
    return document_id
