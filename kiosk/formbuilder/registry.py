"""One registry maps a definition's field `type` to the handler that builds its field.

A handler knows the WTForms field, its validators and messages, the template macro
that renders it, and which input the error summary links to. A new field type is
one class here and one macro in `templates/macros/fields.html`.
"""

from __future__ import annotations

from typing import Any

from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

from kiosk.formdefs import Field
from kiosk.formdefs.numbers import ascii_digits

from .fields import AddressField, DateInputField, GroupField, UploadField, address_form_class
from .meta import SharedMetaFormField
from .validators import (
    N_,
    Choices,
    Email,
    Length,
    Number,
    Optional,
    Pattern,
    Phone,
    RealDate,
    Required,
    flatten_errors,
)


class UnknownFieldType(KeyError):
    pass


class FieldType:
    """Base handler: a single text input."""

    macro = "input"
    input_type = "text"
    inputmode: str | None = None
    required_message = N_("Enter an answer to “%(label)s”")
    filters: tuple = ()  # applied to what the resident typed, before validation

    def build(self, q: Field):
        return StringField(
            q.label,
            validators=self.validators(q),
            render_kw=self.attributes(q),
            filters=self.filters,
        )

    def validators(self, q: Field) -> list:
        return [self.presence(q), *self.checks(q)]

    def presence(self, q: Field):
        if q.required:
            return Required(q.messages.get("required") or self.required_message, q.label)
        return Optional()

    def checks(self, q: Field) -> list:
        return []

    def attributes(self, q: Field) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if q.autocomplete:
            attrs["autocomplete"] = q.autocomplete
        if self.inputmode:
            attrs["inputmode"] = self.inputmode
        return attrs

    def anchor(self, bound) -> str:
        """The id of the input that the error summary links to."""
        return bound.id

    def anchor_id(self, q: Field) -> str:
        """The id of the first input of `q`, before any form is bound (change links)."""
        return q.id

    def error_links(self, bound) -> list[tuple[str, str]]:
        """`(input id, message)` for each error, for the error summary."""
        return [(self.anchor(bound), message) for message in flatten_errors(bound.errors)]


REGISTRY: dict[str, FieldType] = {}


def field_type(name: str):
    def register(cls):
        REGISTRY[name] = cls()
        return cls

    return register


def handler_for(type_name: str) -> FieldType:
    try:
        return REGISTRY[type_name]
    except KeyError:
        raise UnknownFieldType(f"no handler for field type '{type_name}'") from None


@field_type("text")
class Text(FieldType):
    def checks(self, q):
        checks = []
        if q.min_length is not None or q.max_length is not None:
            checks.append(Length(q.min_length, q.max_length, q.label, q.messages))
        if q.pattern:
            checks.append(Pattern(q.pattern.regex, q.pattern.message))
        return checks


@field_type("textarea")
class LongText(Text):
    macro = "textarea"

    def build(self, q):
        attrs = self.attributes(q) | {"rows": 5}
        return TextAreaField(q.label, validators=self.validators(q), render_kw=attrs)


@field_type("email")
class EmailAddress(FieldType):
    input_type = "email"

    def checks(self, q):
        return [
            Email(q.messages.get("invalid"), q.label),
            Length(None, q.max_length or 254, q.label, q.messages),
        ]

    def attributes(self, q):
        return super().attributes(q) | {"spellcheck": "false"}


@field_type("phone")
class PhoneNumber(FieldType):
    input_type = "tel"
    filters = (ascii_digits,)

    def checks(self, q):
        return [Phone(q.messages.get("invalid"))]


@field_type("number")
class Number_(FieldType):
    inputmode = "decimal"
    filters = (ascii_digits,)

    def checks(self, q):
        return [Number(q, money=False)]

    def attributes(self, q):
        attrs = super().attributes(q) | {"spellcheck": "false"}
        if q.integer:
            attrs["inputmode"] = "numeric"
        return attrs


@field_type("money")
class Money(Number_):
    macro = "money"

    def checks(self, q):
        return [Number(q, money=True)]


@field_type("date")
class Date(FieldType):
    macro = "date"
    required_message = N_("Enter a date for “%(label)s”")

    def build(self, q):
        return DateInputField(q.label, validators=self.validators(q))

    def checks(self, q):
        return [RealDate(q)]

    def anchor_id(self, q):
        return f"{q.id}-day"

    def anchor(self, bound):
        parts = bound.invalid_parts or ["day"]
        return f"{bound.id}-{parts[0]}"


@field_type("choice")
class SingleChoice(FieldType):
    macro = "radios"
    required_message = N_("Select an answer to “%(label)s”")

    def choices(self, q) -> list[SelectChoice]:
        return [SelectChoice(c.value, c.label) for c in q.choices]

    def checks(self, q):
        return [Choices([c.value for c in self.choices(q)], N_("Select one of the options given"))]

    def build(self, q):
        if q.widget == "select":
            return SelectField(
                q.label,
                choices=[SelectChoice("", N_("Select an option")), *self.choices(q)],
                validators=self.validators(q),
                validate_choice=False,
                render_kw=self.attributes(q),
            )
        return RadioField(
            q.label, choices=self.choices(q), validators=self.validators(q), validate_choice=False
        )

    def anchor(self, bound):
        return bound.id if isinstance(bound, SelectField) else f"{bound.id}-0"

    def anchor_id(self, q):
        return q.id if q.widget == "select" else f"{q.id}-0"


@field_type("yesno")
class YesNo(SingleChoice):
    def choices(self, q):
        return [SelectChoice("yes", N_("Yes")), SelectChoice("no", N_("No"))]


@field_type("multichoice")
class MultipleChoice(SingleChoice):
    macro = "checkboxes"
    required_message = N_("Select at least one answer to “%(label)s”")

    def build(self, q):
        return SelectMultipleField(
            q.label, choices=self.choices(q), validators=self.validators(q), validate_choice=False
        )


@field_type("address")
class Address(FieldType):
    macro = "address"

    def build(self, q):
        return AddressField(address_form_class(q.required, q.autocomplete), label=q.label)

    def validators(self, q):
        return []

    def anchor_id(self, q):
        return f"{q.id}-line1"

    def error_links(self, bound):
        return [(sub.id, message) for sub in bound.form for message in sub.errors]


@field_type("file")
class FileUpload(FieldType):
    macro = "file"
    required_message = N_("Select a file for “%(label)s”")

    def build(self, q):
        return UploadField(q.label, validators=self.validators(q))


@field_type("signature")
class TypedSignature(FieldType):
    """The typed-name signature; drawing on a canvas comes as an enhancement."""

    macro = "signature"
    required_message = N_("Type your full name to sign")

    def checks(self, q):
        return [Length(2, 120, q.label, q.messages)]

    def attributes(self, q):
        return {"autocomplete": "name", "spellcheck": "false"}


@field_type("group")
class RepeatingGroup(FieldType):
    macro = "group"

    def build(self, q):
        from .pageform import item_form_class

        return GroupField(
            SharedMetaFormField(item_form_class(q)),
            label=q.label,
            min_entries=max(1, q.min_items),
            max_entries=q.max_items,
        )

    def validators(self, q):
        return []
