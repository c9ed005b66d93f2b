"""WTForms fields for answers that are more than one input: dates, addresses, groups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wtforms import Field, FieldList, FileField, Form, StringField
from wtforms.utils import unset_value

from kiosk.formdefs.numbers import ascii_digits
from kiosk.messages import N_

from .meta import KioskMeta, SharedMetaFormField
from .validators import Length, Optional, Required

DATE_PARTS = ("day", "month", "year")


class DateInputField(Field):
    """Day, month and year boxes (GOV.UK date input); `data` is a date or None."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts: dict[str, str] = dict.fromkeys(DATE_PARTS, "")
        self.invalid_parts: list[str] = []

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in DATE_PARTS):
            self.parts = {
                p: ascii_digits(formdata.get(f"{self.name}-{p}", "")).strip() for p in DATE_PARTS
            }
        elif data is not unset_value and data is not None:
            self.parts = date_parts(data)
        self.data = parts_to_date(self.parts)

    def answer(self) -> Any:
        if self.data is not None:
            return self.data.isoformat()
        return dict(self.parts) if any(self.parts.values()) else None


def date_parts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {p: str(value.get(p, "")) for p in DATE_PARTS}
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return dict.fromkeys(DATE_PARTS, "")
    if isinstance(value, dt.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    return dict.fromkeys(DATE_PARTS, "")


MONTH_NAMES = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def parts_to_date(parts: dict[str, str]) -> dt.date | None:
    try:
        day = int(parts["day"])
        month_text = parts["month"].strip().lower()
        month = MONTH_NAMES.get(month_text) or int(month_text)
        year = int(parts["year"])
        if year < 1000:
            return None
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


class AddressForm(Form):
    """Fields of a postal address; which are required is decided by AddressField."""

    Meta = KioskMeta


def address_form_class(required: bool, autocomplete: str | None) -> type[Form]:
    def line(label, message, autocomplete_token, max_length, must=True):
        checks = [Required(message, label) if must and required else Optional()]
        checks.append(Length(None, max_length, label, {}))
        return StringField(label, validators=checks, render_kw={"autocomplete": autocomplete_token})

    attrs = {
        "line1": line(
            N_("Address line 1"),
            N_("Enter address line 1, typically the building and street"),
            "address-line1",
            100,
        ),
        "line2": line(N_("Address line 2 (optional)"), "", "address-line2", 100, must=False),
        "town": line(N_("Town or city"), N_("Enter town or city"), "address-level2", 60),
        "postcode": line(N_("Postcode"), N_("Enter postcode"), "postal-code", 12),
    }
    return type("AddressForm", (AddressForm,), attrs)


class AddressField(SharedMetaFormField):
    def answer(self) -> dict[str, str] | None:
        values = {k: (v or "").strip() for k, v in self.data.items()}
        return values if any(values.values()) else None


class GroupField(FieldList):
    """A repeating group ("add another"): entries are sub-forms, one per item."""

    def answer(self) -> list[dict[str, Any]]:
        items = []
        for entry in self.entries:
            items.append({sub.short_name: clean(sub) for sub in entry.form})
        return items


class UploadField(FileField):
    """A file input; `existing` holds files uploaded earlier to this question."""

    existing: list[dict[str, Any]] | None = None

    def answer(self) -> Any:
        return self.existing or None


def clean(field) -> Any:
    """The JSON answer a bound field holds."""
    answer = getattr(field, "answer", None)
    if callable(answer):
        return answer()
    data = field.data
    if isinstance(data, str):
        return data.strip()
    return data
