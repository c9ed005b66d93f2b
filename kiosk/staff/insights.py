"""The insights dashboard for admins: how residents get on with each form, and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import render_template, request
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from ..agency import office_today, office_zone
from ..catalog import forms
from ..extensions import db
from ..responses import spreadsheet
from ..services import channels, charts, insights
from ..services.inbox import safe_cell
from ..services.survey import RATINGS
from . import bp
from .views import audit, staff_required

MAX_DAYS = 3660


def _scope() -> insights.Scope:
    today = office_today()
    last = _date(request.args.get("to")) or today
    first = _date(request.args.get("from")) or last - dt.timedelta(days=29)
    if first > last:
        first, last = last, first
    first = max(first, last - dt.timedelta(days=MAX_DAYS))
    channel = request.args.get("channel")
    return insights.Scope(
        period=insights.Period(first, last),
        form=forms().get(request.args.get("form", "")),
        channel=channel if channel in channels.NAMES else None,
        zone=office_zone(),
    )


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def _charts(found: insights.Insights) -> dict[str, Markup]:
    drawn = {}
    if found.funnel:
        rows = [(_("Started"), found.started, str(found.started))]
        rows += [(_(title), count, str(count)) for _id, title, count in found.funnel]
        rows += [(_("Submitted"), found.completed, str(found.completed))]
        drawn["funnel"] = charts.bar_chart(
            "chart-funnel",
            _("Drop-off by page"),
            _(
                "%(started)s started, %(submitted)s submitted. The table below gives "
                "the number for each page.",
                started=found.started,
                submitted=found.completed,
            ),
            rows,
        )
    if found.responses:
        drawn["ratings"] = charts.bar_chart(
            "chart-ratings",
            _("Satisfaction"),
            _(
                "%(count)s answers, average %(average)s out of 5.",
                count=found.responses,
                average=format_decimal(found.satisfaction, "0.0"),
            ),
            [
                (_(RATINGS[rating]), found.ratings[rating], str(found.ratings[rating]))
                for rating in sorted(RATINGS, reverse=True)
            ],
        )
    if found.within_standard:
        drawn["standard"] = charts.bar_chart(
            "chart-standard",
            _("Decisions within the service standard"),
            _("The share of decisions made by the due date, per month."),
            [
                (month, on_time / made, format_percent(on_time / made))
                for month, on_time, made in found.within_standard
            ],
        )
    return {name: Markup(svg) for name, svg in drawn.items()}


@bp.get("/insights")
@staff_required(role="admin")
def insights_page():
    scope = _scope()
    found = insights.gather(db.session, scope, forms())
    return render_template(
        "staff/insights.html",
        found=found,
        scope=scope,
        forms=forms(),
        ratings=RATINGS,
        charts=_charts(found),
    )


@bp.get("/insights.csv")
@staff_required(role="admin")
def insights_csv():
    scope = _scope()
    found = insights.gather(db.session, scope, forms())
    audit("insights-export", filters=request.args.to_dict())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "item", "value", "total"])
    writer.writerow(["period", scope.period.first.isoformat(), scope.period.last.isoformat(), ""])
    writer.writerow(["journeys", "started", found.started, ""])
    writer.writerow(["journeys", "submitted", found.submitted, ""])
    writer.writerow(["journeys", "started in the period and submitted", found.completed, ""])
    rate = found.completion_rate
    writer.writerow(["journeys", "completion rate", "" if rate is None else f"{rate:.4f}", ""])
    median = found.median_seconds
    writer.writerow(["journeys", "median seconds to complete", median or "", ""])
    for page_id, _title, count in found.funnel:
        writer.writerow(["pages completed", page_id, count, found.started])
    for slug, label, count in found.field_errors:
        writer.writerow(["validation errors", f"{slug}: {label}", count, ""])
    for slug, name, count in found.documents_missing:
        writer.writerow(["documents missing", f"{slug}: {name}", count, ""])
    for rating in sorted(found.ratings, reverse=True):
        writer.writerow(["satisfaction", rating, found.ratings[rating], found.responses])
    for month, on_time, made in found.within_standard:
        writer.writerow(["decisions within standard", month, on_time, made])
    for response in found.comments:
        writer.writerow(
            ["comment", response.answered_on.isoformat(), safe_cell(response.comment), ""]
        )
    return spreadsheet(
        [buffer.getvalue()], f"insights-{scope.period.first}-{scope.period.last}.csv"
    )
