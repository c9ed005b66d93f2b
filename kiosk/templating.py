"""Jinja helpers the field macros need: the registry, conditions, currencies."""

from __future__ import annotations

import datetime as dt
import json

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol
from flask import Flask
from flask.templating import Environment
from flask_babel import get_locale, gettext

from .formbuilder import handler_for
from .formdefs.conditions import condition_data
from .i18n import language_name, language_tag
from .services import channels
from .services.delivery import CHANNELS as DELIVERY_CHANNELS
from .services.survey import RATINGS
from .services.uploads import ACCEPT_ATTRIBUTE


class PageEnvironment(Environment):
    """Flask's Jinja environment, with the environment's globals shared as they are.

    Jinja gives each template a `ChainMap(its own globals, the environment's)`; every
    render copies that into the context and every `{% import %}` compares its keys
    with the importer's, both in Python, key by key, for the sixty-odd globals Flask,
    Babel and Kiosk define. No Kiosk template has globals of its own, so a template
    without them uses the environment's dict itself: the same lookups, done in C.
    (Jinja would write `get_template(name, globals=...)` of a loaded template into it;
    Kiosk never passes such globals.)
    """

    def make_globals(self, d):
        if not d:
            return self.globals
        return super().make_globals(d)


def init_app(app: Flask) -> None:
    app.config.setdefault("CURRENCY", "GBP")
    app.jinja_env.globals.update(
        handler=lambda question: handler_for(question.type),
        condition_json=lambda condition: json.dumps(condition_data(condition)),
        currency_symbol=lambda code: get_currency_symbol(code, locale=str(get_locale())),
        accept_attribute=_accept_attribute,
        described_by=described_by,
        survey_ratings=RATINGS,
        delivery_channels=DELIVERY_CHANNELS,
        channels=channels.NAMES,
        channel_name=channels.name,
    )
    app.jinja_env.filters.update(
        money=lambda value, code: _or_raw(
            value, lambda v: format_currency(v, code, locale=_locale())
        ),
        number=lambda value: _or_raw(value, lambda v: format_decimal(v, locale=_locale())),
        date_from_iso=lambda value: _or_raw(
            value, lambda v: format_date(dt.date.fromisoformat(v), "long", locale=_locale())
        ),
        date_long=lambda value: format_date(value, "long", locale=_locale()),
        datetime_long=lambda value: format_datetime(value, "long", locale=_locale()),
        datetime_short=lambda value: format_datetime(value, "short", locale=_locale()),
        merge=lambda left, right: {**left, **right},
        filesize=file_size,
        language_name=language_name,
        language_tag=language_tag,
        percent=lambda value: format_percent(value, locale=_locale()),
        decimal1=lambda value: format_decimal(value, "0.0", locale=_locale()),
        duration=lambda seconds: format_timedelta(
            dt.timedelta(seconds=seconds), threshold=2, locale=_locale()
        ),
    )


def file_size(size: int) -> str:
    """A file's size as people read it: "350 KB", "2.4 MB" (in the page's language)."""
    if size < 1024 * 1024:
        amount = format_decimal(max(1, round(size / 1024)), locale=_locale())
        return gettext("%(size)s KB", size=amount)
    amount = format_decimal(round(size / (1024 * 1024), 1), locale=_locale())
    return gettext("%(size)s MB", size=amount)


def _locale() -> str:
    return str(get_locale())


def _or_raw(value, formatter):
    """Format a stored answer for display; show it as typed if it does not parse."""
    try:
        return formatter(value)
    except (ValueError, ArithmeticError, TypeError):
        return value


def described_by(question, field, element_id: str) -> str:
    """The `aria-describedby` ids for a question's hint and error, if it shows them."""
    ids = []
    if question.hint:
        ids.append(f"{element_id}-hint")
    if field.errors and isinstance(field.errors[0], str):
        ids.append(f"{element_id}-error")
    return " ".join(ids)


def _accept_attribute(question) -> str:
    return ",".join(item for kind in question.accept for item in ACCEPT_ATTRIBUTE[kind])
