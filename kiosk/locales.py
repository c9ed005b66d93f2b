"""Babel locales for language codes, parsed once; no Flask, for pages and PDFs alike."""

from __future__ import annotations

from functools import cache

from babel import Locale, localedata


@cache
def parsed_locale(code: str) -> Locale:
    return Locale.parse(code)


@cache
def formatting_locale(code: str, territory: str | None = None) -> Locale:
    """The conventions dates and numbers follow in language `code` at an office in
    `territory` (a country code): the language's variant for that country where CLDR
    has one (`en` in `GB` writes "1 April 2026", 24-hour times), else the language's
    own (`es` in `GB` stays `es`)."""
    if territory and localedata.exists(f"{code}_{territory}"):
        return Locale.parse(f"{code}_{territory}")
    return parsed_locale(code)


@cache
def text_direction(code: str) -> str:
    """ "rtl" for a language written right to left (Arabic), else "ltr"."""
    return "rtl" if parsed_locale(code).character_order == "right-to-left" else "ltr"
