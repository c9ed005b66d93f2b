"""Validators whose messages are whole sentences with named placeholders.

Every message goes through `field.gettext`, so it is translated with the catalog the
view hands to the form's meta. `N_` marks msgids for extraction without translating.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from babel.dates import format_date
from babel.numbers import format_decimal
from email_validator import EmailNotValidError, validate_email
from wtforms.validators import StopValidation, ValidationError

from kiosk.formdefs.conditions import is_answered
from kiosk.formdefs.dates import resolve_date
from kiosk.formdefs.numbers import parse_number
from kiosk.messages import N_


def say(field, message: str, **params) -> str:
    text = field.gettext(message)
    return text % params if params else text


class Required:
    """Stops validation with the author's or the default message when nothing was given."""

    field_flags = {"required": True}

    def __init__(self, message: str, label: str):
        self.message = message
        self.label = label

    def __call__(self, form, field):
        if not is_answered(answer_of(field)):
            field.errors[:] = []
            raise StopValidation(say(field, self.message, label=field.gettext(self.label)))


class Optional:
    """Skips the other validators when nothing was given."""

    field_flags = {"optional": True}

    def __call__(self, form, field):
        if not is_answered(answer_of(field)):
            field.errors[:] = []
            raise StopValidation()


def answer_of(field):
    cleaned = getattr(field, "answer", None)
    if callable(cleaned):
        return cleaned()
    data = field.data
    if data is False:
        return None
    return data.strip() if isinstance(data, str) else data


class Length:
    def __init__(self, minimum, maximum, label, messages):
        self.minimum, self.maximum, self.label, self.messages = minimum, maximum, label, messages

    def __call__(self, form, field):
        size = len((field.data or "").strip())
        label = field.gettext(self.label)
        if self.minimum is not None and size < self.minimum:
            message = self.messages.get("too_short") or N_(
                "“%(label)s” must be %(min)s characters or more"
            )
            raise ValidationError(say(field, message, label=label, min=self.minimum))
        if self.maximum is not None and size > self.maximum:
            message = self.messages.get("too_long") or N_(
                "“%(label)s” must be %(max)s characters or fewer"
            )
            raise ValidationError(say(field, message, label=label, max=self.maximum))


class Pattern:
    def __init__(self, regex: str, message: str):
        self.regex = re.compile(regex)
        self.message = message

    def __call__(self, form, field):
        if not self.regex.fullmatch((field.data or "").strip()):
            raise ValidationError(say(field, self.message))


class Email:
    def __init__(self, message: str | None, label: str):
        self.message = message or N_(
            "Enter an email address in the correct format, like name@example.com"
        )
        self.label = label

    def __call__(self, form, field):
        try:
            validate_email((field.data or "").strip(), check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(say(field, self.message)) from exc


PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,22}[0-9]$")


class Phone:
    def __init__(self, message: str | None):
        self.message = message or N_("Enter a phone number, like 01632 960 001 or +44 808 157 0192")

    def __call__(self, form, field):
        if not PHONE.match((field.data or "").strip()):
            raise ValidationError(say(field, self.message))


class Number:
    """A number, whole or with at most two decimals for money, within the bounds."""

    def __init__(self, question, money: bool):
        self.question = question
        self.money = money

    def __call__(self, form, field):
        q = self.question
        label = field.gettext(q.label)
        number = parse_number(field.data)
        if number is None:
            message = q.messages.get("invalid") or (
                N_("“%(label)s” must be an amount of money, like 600 or 193.54")
                if self.money
                else N_("“%(label)s” must be a number")
            )
            raise ValidationError(say(field, message, label=label))
        if q.integer and number != number.to_integral_value():
            raise ValidationError(say(field, N_("“%(label)s” must be a whole number"), label=label))
        if self.money and number.as_tuple().exponent < -2:
            message = N_("“%(label)s” must not have more than 2 decimal places")
            raise ValidationError(say(field, message, label=label))
        locale = getattr(field.meta, "locale", None) or "en"
        if q.minimum is not None and number < q.minimum:
            message = q.messages.get("too_small") or N_("“%(label)s” must be %(min)s or more")
            shown = format_decimal(q.minimum, locale=locale)
            raise ValidationError(say(field, message, label=label, min=shown))
        if q.maximum is not None and number > q.maximum:
            message = q.messages.get("too_large") or N_("“%(label)s” must be %(max)s or less")
            shown = format_decimal(q.maximum, locale=locale)
            raise ValidationError(say(field, message, label=label, max=shown))


class RealDate:
    """A real date from day, month and year boxes, within the bounds."""

    def __init__(self, question):
        self.question = question

    def __call__(self, form, field):
        q = self.question
        label = field.gettext(q.label)
        missing = [part for part in ("day", "month", "year") if not field.parts.get(part)]
        if missing:
            message = {
                "day": N_("“%(label)s” must include a day"),
                "month": N_("“%(label)s” must include a month"),
                "year": N_("“%(label)s” must include a year"),
            }[missing[0]]
            field.invalid_parts = missing
            raise StopValidation(say(field, message, label=label))
        if field.data is None:
            field.invalid_parts = ["day", "month", "year"]
            message = q.messages.get("invalid") or N_("“%(label)s” must be a real date")
            raise StopValidation(say(field, message, label=label))
        self._check_bounds(field, field.data, label)

    def _check_bounds(self, field, value: dt.date, label: str):
        q = self.question
        today = getattr(field.meta, "today", None) or dt.date.today()
        locale = getattr(field.meta, "locale", None) or "en"
        low = resolve_date(q.minimum, today) if q.minimum else None
        high = resolve_date(q.maximum, today) if q.maximum else None
        if low and value < low:
            message = q.messages.get("too_small") or N_(
                "“%(label)s” must be the same as or after %(date)s"
            )
            shown = format_date(low, format="long", locale=locale)
            raise ValidationError(say(field, message, label=label, date=shown))
        if high and value > high:
            message = q.messages.get("too_large") or N_(
                "“%(label)s” must be the same as or before %(date)s"
            )
            shown = format_date(high, format="long", locale=locale)
            raise ValidationError(say(field, message, label=label, date=shown))


class Choices:
    """Only values the definition offers are accepted (forged posts are refused)."""

    def __init__(self, values, message: str):
        self.values = set(values)
        self.message = message

    def __call__(self, form, field):
        data = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in self.values for value in data):
            raise ValidationError(say(field, self.message))


def flatten_errors(errors) -> list[str]:
    """WTForms nests errors in lists and dicts for composite fields; list them flat."""
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, Mapping):
        return [m for value in errors.values() for m in flatten_errors(value)]
    if isinstance(errors, list | tuple):
        return [m for value in errors for m in flatten_errors(value)]
    return []
