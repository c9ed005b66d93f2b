"""Choosing the language: `?lang=`, then the resident's earlier choice, then the browser."""

from __future__ import annotations

from functools import cache, lru_cache

from babel import Locale
from flask import Flask, current_app, g, request, session
from flask_babel import get_locale, get_translations
from markupsafe import Markup

from .locales import formatting_locale, parsed_locale, text_direction


def available_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def request_locale() -> Locale:
    """Flask-Babel's locale selector: `select_locale`'s choice as a parsed `Locale`
    (parsed once per language rather than on every request)."""
    return parsed_locale(select_locale())


def select_locale() -> str:
    languages = available_languages()
    if request:
        asked = request.args.get("lang", "").replace("-", "_")  # zh-Hans or zh_Hans
        if asked in languages:
            session["lang"] = asked
            return asked
        remembered = session.get("lang")
        if remembered in languages:
            return remembered
        device = g.get("kiosk_device")
        if device is not None and device.default_language in languages:
            return device.default_language  # a kiosk starts in its office's language
        for value, _quality in request.accept_languages:
            match = match_language(value, languages)
            if match:
                return match
    return current_app.config["OFFICE_LANGUAGE"]


TRADITIONAL_CHINESE_REGIONS = {"TW", "HK", "MO"}


@lru_cache(maxsize=512)  # browsers send few distinct tags; parsing them costs ~5 µs each
def match_language(tag: str, languages: tuple[str, ...]) -> str | None:
    """The shipped language for a browser's tag: `es-MX` -> `es`, `zh-CN` -> `zh_Hans`."""
    try:
        wanted = Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, TypeError):
        return None
    for code in languages:
        offered = Locale.parse(code)
        if offered.language != wanted.language:
            continue
        if offered.script and (wanted.script or "") not in ("", offered.script):
            continue
        if (
            offered.script == "Hans"
            and not wanted.script
            and (wanted.territory in TRADITIONAL_CHINESE_REGIONS)
        ):
            continue
        return code
    return None


def current_formats() -> Locale:
    """`formatting_locale` for the request's language at this office."""
    return formatting_locale(current_language(), current_app.config.get("OFFICE_TERRITORY"))


def language_tag(code: str) -> str:
    """The BCP 47 tag for HTML `lang` attributes: `zh_Hans` -> `zh-Hans`."""
    return code.replace("_", "-")


@cache
def language_name(code: str) -> str:
    """The language's name in its own script, as language switchers should show it."""
    locale = parsed_locale(code)
    return locale.get_display_name(locale) or code


def init_app(app: Flask) -> None:
    install_template_gettext(app)

    @app.context_processor
    def language_context():
        code = current_language()
        return {
            "html_lang": language_tag(code),
            "html_dir": text_direction(code),
            "languages": language_menu(available_languages()),
            "current_language": code,
        }


@cache
def language_menu(codes: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """The language switcher's entries: code, BCP 47 tag and the name in its own script."""
    return tuple((code, language_tag(code), language_name(code)) for code in codes)


def current_language() -> str:
    """The request's language code (`es`, `zh_Hans`), as `select_locale` chose it."""
    try:
        return g._kiosk_language
    except AttributeError:
        code = g._kiosk_language = str(get_locale())
        return code


def request_translations():
    """The request's catalog, looked up once per request instead of per string."""
    try:
        return g._kiosk_translations
    except AttributeError:
        pass
    code = current_language()
    # Flask-Babel keeps each catalog too, but finding it again asks the locale selector
    # and the domain on every call: one dictionary per app answers for each language.
    catalogs = current_app.extensions.setdefault("kiosk.catalogs_by_language", {})
    found = catalogs.get(code)
    if found is None:
        found = catalogs[code] = get_translations()
    g._kiosk_translations = found
    return found


def install_template_gettext(app: Flask) -> None:
    """Templates translate many strings per page: give them plain functions.

    Jinja's i18n extension wraps gettext in two context-passing layers; these do the
    same job in one call, with the same "new style" rules: the translation is trusted
    markup, the variables are escaped into it, and it is always %-formatted. They are
    meant for HTML templates, where autoescaping is on.
    """
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.jinja_env.globals["ngettext"] = template_ngettext


def template_gettext(message: str, **variables) -> Markup:
    text = request_translations().ugettext(message)
    if variables or "%" in text:  # "%%" is written for "%" even without variables
        return Markup(text) % variables
    return Markup(text)


def template_ngettext(singular: str, plural: str, num: int, **variables) -> Markup:
    variables.setdefault("num", num)
    return Markup(request_translations().ungettext(singular, plural, num)) % variables
