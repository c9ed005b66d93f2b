"""The agency's offices and look for this app: read from the settings once, at start-up.

A wrong setting stops the app with a message that names it (`OfficeSettingsError`),
instead of a page that shows residents the wrong hours.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from babel.dates import format_time, get_day_names
from flask import Flask, current_app
from flask_babel import gettext

from . import paths
from .formdefs import FormDefinition
from .i18n import current_formats, current_language
from .services import clock, office_time
from .services.offices import (
    Branding,
    Office,
    OpeningHours,
    branding_from_settings,
    offices_from_settings,
)

DEFAULT_LOGO = paths.STATIC / "img" / "logo.svg"


def init_app(app: Flask) -> None:
    config = app.config
    logo = Path(config.get("LOGO_FILE") or DEFAULT_LOGO)
    branding = branding_from_settings(config["HEADER_COLOUR"], config["ACCENT_COLOUR"], logo)
    app.extensions["kiosk.offices"] = offices_from_settings(config["OFFICES"])
    app.extensions["kiosk.office_zone"] = office_time.zone(config["OFFICE_TIMEZONE"])
    app.extensions["kiosk.closed_days"] = office_time.holidays(config["PUBLIC_HOLIDAYS"])
    app.extensions["kiosk.branding"] = branding
    app.extensions["kiosk.logo"] = logo_data = logo.read_bytes()  # served from memory
    # Addresses change with the colours or the logo, so browsers may keep them.
    version = hashlib.sha256(branding.stylesheet().encode() + logo_data).hexdigest()
    app.extensions["kiosk.branding_version"] = version[:12]
    app.jinja_env.globals.update(office_for=office_for, branding_version=branding_version)
    app.jinja_env.filters["opening_hours"] = opening_hours
    app.jinja_env.filters["office_name"] = lambda office: office.name_in(current_language())


def offices() -> list[Office]:
    return list(current_app.extensions["kiosk.offices"].values())


def office_for(form: FormDefinition) -> Office | None:
    """The office a form's submissions go to, if the settings describe it."""
    return current_app.extensions["kiosk.offices"].get(form.destination.office)


def office_zone():
    """The time zone the office's clocks show (`OFFICE_TIMEZONE`)."""
    return current_app.extensions["kiosk.office_zone"]


def office_today():
    """Today's date on the office's clock (a resident at 00:30 in London, 23:30 UTC, is
    on the new day): what ages, date rules and due dates count from."""
    return clock.now().astimezone(office_zone()).date()


def closed_days() -> frozenset:
    """The public holidays the office is closed on (`PUBLIC_HOLIDAYS`)."""
    return current_app.extensions["kiosk.closed_days"]


def branding_version() -> str:
    """What the branding files' addresses carry (`?v=`): changes with colours or logo."""
    return current_app.extensions["kiosk.branding_version"]


def branding() -> Branding:
    return current_app.extensions["kiosk.branding"]


def logo_bytes() -> bytes:
    return current_app.extensions["kiosk.logo"]


def opening_hours(hours: tuple[OpeningHours, ...]) -> list[str]:
    """Each line of opening hours in the page's language: "Monday to Friday: 9:00 AM to
    5:00 PM" in English, "lunes a viernes: 9:00 a 17:00" in Spanish."""
    locale = current_formats()
    days = get_day_names("wide", locale=locale)
    lines = []
    for line in hours:
        if line.one_day:
            when = days[line.first_day]
        else:
            when = gettext(
                "%(first)s to %(last)s", first=days[line.first_day], last=days[line.last_day]
            )
        times = gettext(
            "%(opens)s to %(closes)s",
            opens=format_time(line.opens, "short", locale=locale),
            closes=format_time(line.closes, "short", locale=locale),
        )
        lines.append(gettext("%(days)s: %(times)s", days=when, times=times))
    return lines
