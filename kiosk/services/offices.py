"""The offices residents deal with, and the agency's look: from configuration, checked once.

An operator describes each office (name, address, phone, email, opening hours) in the
settings, and the agency's colours and logo; forms name their office by id
(`destination.office`). Everything is checked when the app starts, so that a typo is a
clear message to the operator instead of a wrong page for residents.

Opening hours are written as `"Mon-Fri 09:00-17:00"` or `"Sat 10:00-12:30"`; days are
shown in the reader's language and times in their locale's format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_PATTERN = re.compile(
    r"^\s*(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})\s*$",
    re.IGNORECASE,
)
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3: the agency's name is white on the header
LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


class OfficeSettingsError(ValueError):
    """A setting an operator wrote is wrong; the message says which and how."""


@dataclass(frozen=True)
class OpeningHours:
    first_day: int  # 0 is Monday
    last_day: int
    opens: dt.time
    closes: dt.time

    @property
    def one_day(self) -> bool:
        return self.first_day == self.last_day


@dataclass(frozen=True)
class Office:
    id: str
    name: str  # in the office's language
    address: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    hours: tuple[OpeningHours, ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # (language, name) where the settings give one

    def name_in(self, language: str) -> str:
        """The office's name in `language` if the settings give it, else its own name."""
        return dict(self.names).get(language, self.name)


@dataclass(frozen=True)
class Branding:
    header_colour: str
    accent_colour: str
    logo: Path

    @property
    def logo_type(self) -> str:
        return LOGO_TYPES[self.logo.suffix.lower()]

    def stylesheet(self) -> str:
        """The agency's colours as CSS custom properties, served as a file (the CSP
        allows no inline styles); the high-contrast theme still sets its own."""
        return f":root {{ --header: {self.header_colour}; --brand: {self.accent_colour}; }}\n"


def offices_from_settings(raw: Iterable[Mapping[str, Any]]) -> dict[str, Office]:
    """The offices by id, from a list of mappings as the settings hold them."""
    raw = () if raw is None else raw
    if isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Iterable):
        raise OfficeSettingsError(
            "OFFICES should be a list of offices (in KIOSK_OFFICES, as JSON: "
            '[{"id": "parking", "name": "Parking Services"}])'
        )
    offices: dict[str, Office] = {}
    for position, entry in enumerate(raw, start=1):
        office = _office(entry, position)
        if office.id in offices:
            raise OfficeSettingsError(f"OFFICES: two offices have the id {office.id!r}")
        offices[office.id] = office
    return offices


def _office(entry: Mapping[str, Any], position: int) -> Office:
    if not isinstance(entry, Mapping):
        raise OfficeSettingsError(f"OFFICES: office {position} is not a mapping of settings")
    where = f"OFFICES: office {position}"
    known = {"id", "name", "address", "phone", "email", "hours"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise OfficeSettingsError(f"{where} has unknown settings {unknown}; use {sorted(known)}")
    office_id, name = entry.get("id"), entry.get("name")
    if not isinstance(office_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", office_id):
        raise OfficeSettingsError(f"{where} needs an id of lower-case letters, digits and -")
    where = f"OFFICES: office {office_id!r}"
    names: dict[str, str] = {}
    if isinstance(name, Mapping):  # {"en": "Parking Services", "es": "Aparcamiento"}
        names = {str(code): str(text).strip() for code, text in name.items()}
        name = next(iter(names.values()), None)
    if not isinstance(name, str) or not name.strip() or not all(names.values()):
        raise OfficeSettingsError(f"{where} needs a name")
    address = entry.get("address") or ()
    if isinstance(address, str):
        address = [line.strip() for line in address.split("\n") if line.strip()]
    email = entry.get("email")
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise OfficeSettingsError(f"{where}: email {email!r} is not an email address")
    return Office(
        id=office_id,
        name=name.strip(),
        address=tuple(str(line) for line in address),
        phone=str(entry["phone"]) if entry.get("phone") else None,
        email=email,
        hours=tuple(parse_hours(text, where) for text in entry.get("hours") or ()),
        names=tuple(names.items()),
    )


def parse_hours(text: str, where: str = "OFFICES") -> OpeningHours:
    """`"Mon-Fri 09:00-17:00"` or `"Sat 10:00-12:30"`."""
    found = HOURS_PATTERN.match(str(text))
    if found is None:
        raise OfficeSettingsError(
            f"{where}: opening hours {text!r} should look like 'Mon-Fri 09:00-17:00'"
        )
    first = _day(found["first"], where)
    last = _day(found["last"] or found["first"], where)
    opens, closes = _time(found["opens"], where), _time(found["closes"], where)
    if last < first:
        raise OfficeSettingsError(f"{where}: in {text!r} the days run backwards")
    if closes <= opens:
        raise OfficeSettingsError(f"{where}: in {text!r} the office closes before it opens")
    return OpeningHours(first, last, opens, closes)


def _day(name: str, where: str) -> int:
    try:
        return DAYS.index(name.lower())
    except ValueError:
        raise OfficeSettingsError(
            f"{where}: {name!r} is not a day; use {', '.join(d.title() for d in DAYS)}"
        ) from None


def _time(text: str, where: str) -> dt.time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise OfficeSettingsError(f"{where}: {text!r} is not a time of day")
    return dt.time(hours, minutes)


def branding_from_settings(header: str, accent: str, logo: str | Path) -> Branding:
    for name, value in (("HEADER_COLOUR", header), ("ACCENT_COLOUR", accent)):
        if not isinstance(value, str) or not COLOUR_PATTERN.match(value):
            raise OfficeSettingsError(f"{name} {value!r} should be a colour like '#1d70b8'")
    ratio = contrast_ratio(header, WHITE)
    if ratio < TEXT_CONTRAST:
        raise OfficeSettingsError(
            f"HEADER_COLOUR {header} is too light for the white text on it: contrast "
            f"{ratio:.1f}:1, and WCAG asks for at least {TEXT_CONTRAST}:1"
        )
    path = Path(logo)
    if path.suffix.lower() not in LOGO_TYPES:
        raise OfficeSettingsError(f"LOGO_FILE {path} should be an SVG, PNG or JPEG file")
    if not path.is_file():
        raise OfficeSettingsError(f"LOGO_FILE {path} does not exist")
    return Branding(header.lower(), accent.lower(), path)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two `#rrggbb` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
