"""Jinja helpers the field macros need: the registry, conditions, currencies."""

from __future__ import annotations

import datetime as dt
import json

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal, format_percent
from flask import Flask, has_request_context
from flask.templating import Environment
from flask_babel import gettext
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)

from .agency import office_zone
from .formbuilder import handler_for
from .formbuilder.applies_when import applies_when
from .formdefs.conditions import condition_data
from .formdefs.numbers import currency_symbol, format_money, parse_number
from .i18n import (
    current_formats,
    current_language,
    language_name,
    language_tag,
    request_translations,
)
from .services import audit_events, channels
from .services.delivery import CHANNELS as DELIVERY_CHANNELS
from .services.survey import RATINGS
from .services.uploads import ACCEPT_ATTRIBUTE


class PageEnvironment(Environment):
    """Flask's Jinja environment, with each page language's templates compiled apart.

    Pages translate about thirty fixed strings each (`_("Continue")`), at about 2.5 µs
    a call. In a request, templates are loaded from a copy of this environment for the
    request's language (`translated_for`), whose `ConstantMessages` extension writes each
    `_("a literal")` into the compiled template already translated: the same text,
    written once instead of looked up on every page. Messages with variables or from
    form definitions (`_(q.label)`) are still translated when the page renders. The
    copies share the loader, globals and filters; each keeps its own compiled templates.
    Outside a request (PDFs, which translate with their own catalogs) templates load
    as usual. A changed catalog, like a changed template without auto-reload, shows
    after a restart.

    Jinja also gives each template a `ChainMap(its own globals, the environment's)`;
    every render copies that into the context and every `{% import %}` compares its
    keys with the importer's, both in Python, key by key, for the sixty-odd globals
    Flask, Babel and Kiosk define. No Kiosk template has globals of its own, so a
    template without them uses the environment's dict itself: the same lookups, done
    in C. (Jinja would write `get_template(name, globals=...)` of a loaded template into
    it; Kiosk never passes such globals.)
    """

    translated_for: str | None = None  # the language of a per-language copy
    catalog = None  # that language's gettext catalog

    def __init__(self, app, **options):
        super().__init__(app, **options)
        self._per_language: dict[str, PageEnvironment] = {}

    def make_globals(self, d):
        if not d:
            return self.globals
        return super().make_globals(d)

    def get_template(self, name, parent=None, globals=None):
        if self.translated_for is None and has_request_context():
            return self.for_language(current_language()).get_template(name, parent, globals)
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):
        if self.translated_for is None and has_request_context():
            return self.for_language(current_language()).select_template(names, parent, globals)
        return super().select_template(names, parent, globals)

    def for_language(self, code: str) -> PageEnvironment:
        """The copy whose templates are compiled with `code`'s fixed strings translated
        (made in a request in that language, from the request's own catalog)."""
        copy = self._per_language.get(code)
        if copy is None:
            copy = self.overlay(cache_size=self.cache.capacity, extensions=[ConstantMessages])
            copy.translated_for = code
            copy.catalog = request_translations()
            self._per_language[code] = copy
        return copy


class ConstantMessages(Extension):
    """Translates `_("a literal")` while a per-language copy compiles a template.

    The call becomes `("the translation"|safe)`: what `_` would return on every render
    (trusted markup, `%%` written as `%`), as a constant Jinja writes into the compiled
    template. Calls with variables, with a message that is not a literal, or written
    as an attribute (`x._("...")`) are left to `_` at render time.
    """

    def filter_stream(self, stream: TokenStream):
        tokens = list(stream)
        catalog = self.environment.catalog
        i = 0
        while i < len(tokens):
            token = tokens[i]
            call = tokens[i : i + 4]
            if (
                token.test("name:_")
                and [t.type for t in call[1:]] == [TOKEN_LPAREN, TOKEN_STRING, TOKEN_RPAREN]
                and (i == 0 or tokens[i - 1].type != TOKEN_DOT)
            ):
                text = catalog.ugettext(call[2].value)
                if "%" in text:
                    text = text % {}
                line = token.lineno
                yield from (
                    Token(line, TOKEN_LPAREN, "("),
                    Token(line, TOKEN_STRING, text),
                    Token(line, TOKEN_PIPE, "|"),
                    Token(line, TOKEN_NAME, "safe"),
                    Token(line, TOKEN_RPAREN, ")"),
                )
                i += 4
                continue
            yield token
            i += 1


def init_app(app: Flask) -> None:
    app.config.setdefault("CURRENCY", "GBP")
    app.jinja_env.globals.update(
        handler=lambda question: handler_for(question.type),
        condition_json=lambda condition: json.dumps(condition_data(condition)),
        applies_when=lambda question, page: applies_when(
            question, page, gettext, current_formats()
        ),
        currency_symbol=currency_symbol,
        accept_attribute=_accept_attribute,
        described_by=described_by,
        survey_ratings=RATINGS,
        delivery_channels=DELIVERY_CHANNELS,
        channels=channels.NAMES,
        channel_name=channels.name,
        describe_event=lambda event: audit_events.describe(event.action, event.detail, gettext),
    )
    app.jinja_env.filters.update(
        money=lambda value, code: format_money(value, code, _locale()),
        number=lambda value: _or_raw(
            value, lambda v: format_decimal(parse_number(v), locale=_locale())
        ),
        date_from_iso=lambda value: _or_raw(
            value, lambda v: format_date(dt.date.fromisoformat(v), "long", locale=_locale())
        ),
        date_long=lambda value: format_date(value, "long", locale=_locale()),
        datetime_long=lambda value: format_datetime(
            value, "long", tzinfo=office_zone(), locale=_locale()
        ),
        datetime_short=lambda value: format_datetime(
            value, "short", tzinfo=office_zone(), locale=_locale()
        ),
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


_locale = current_formats


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
