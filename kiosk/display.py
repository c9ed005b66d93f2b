"""Display settings: larger text and high contrast, chosen once and kept on every page.

They live in the session (no personal data). Pages read them through `display_class()`
and link to the settings through `display_settings_url()`, template functions rather
than reads of `session` and `request`, so that a page shell (kiosk/shells/) can key
on the one and hold the other as a slot.
"""

from __future__ import annotations

from flask import Flask, request, session
from jinja2.filters import do_urlencode

from .assets import fixed_url

CHOICES = {"text_size": ("standard", "large"), "contrast": ("standard", "high")}


def display_class() -> str:
    """The body's classes for the resident's settings ("text-large contrast-high ")."""
    classes = ""
    if session.get("text_size") == "large":
        classes += "text-large "
    if session.get("contrast") == "high":
        classes += "contrast-high "
    return classes


def display_settings_url() -> str:
    """The settings page, with a way back to this page when it was read (GET)."""
    url = fixed_url("public.display_settings")
    if request.method != "GET":
        return url
    here = request.full_path if request.query_string else request.path  # no bare "?"
    return f"{url}?next={do_urlencode(here)}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        display_class=display_class, display_settings_url=display_settings_url
    )
