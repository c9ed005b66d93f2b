"""The immutable model of a form definition, as loaded from `forms/*.yaml`.

Definitions are parsed once at start-up into frozen dataclasses; requests only read
them. Nothing here knows about Flask or WTForms.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .conditions import Condition, is_answered

FIELD_TYPES = (
    "text",
    "textarea",
    "email",
    "phone",
    "number",
    "money",
    "date",
    "choice",
    "multichoice",
    "yesno",
    "address",
    "file",
    "signature",
    "group",
)

EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str | None = None


@dataclass(frozen=True)
class Pattern:
    regex: str
    message: str


@dataclass(frozen=True)
class Field:
    """One question. Type-specific settings are None or empty where they do not apply."""

    id: str
    type: str
    label: str
    hint: str | None = None
    required: bool = True
    show_if: Condition | None = None
    autocomplete: str | None = None
    messages: Mapping[str, str] = dataclass_field(default_factory=lambda: EMPTY)
    # text, textarea
    min_length: int | None = None
    max_length: int | None = None
    pattern: Pattern | None = None
    # number, money (Decimal) and date (date expressions such as "today-18y")
    minimum: Decimal | str | None = None
    maximum: Decimal | str | None = None
    integer: bool = False
    currency: str | None = None
    # choice, multichoice
    choices: tuple[Choice, ...] = ()
    widget: str | None = None
    # file
    accept: tuple[str, ...] = ()
    max_files: int = 1
    # group
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int | None = None
    item_label: str | None = None
    add_label: str | None = None

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value

    def is_shown(self, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
        return self.show_if is None or self.show_if.evaluate(answers, today)

    def asks_in_item(self, sub: Field, item: Mapping[str, Any], answers, today=None) -> bool:
        """Whether `sub`, a question of this group, is asked about `item`: its condition
        reads the item's own answers before the form's."""
        return sub.is_shown({**answers, **item}, today)

    def visible_answer(self, answer: Any, answers: Mapping[str, Any], today=None) -> Any:
        """`answer` without what a group's items were not asked (their hidden questions)."""
        if self.type != "group" or not isinstance(answer, list):
            return answer
        kept = []
        for item in answer:
            if isinstance(item, Mapping):
                asked = {
                    sub.id for sub in self.fields if self.asks_in_item(sub, item, answers, today)
                }
                item = {key: value for key, value in item.items() if key in asked}
            kept.append(item)
        return kept

    def subfield(self, field_id: str) -> Field:
        for sub in self.fields:
            if sub.id == field_id:
                return sub
        raise KeyError(field_id)


@dataclass(frozen=True)
class Rule:
    """A cross-field check: `check` must hold, else `message` is shown on `field`."""

    field: str
    check: Condition
    message: str
    when: Condition | None = None


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    fields: tuple[Field, ...]
    description: str | None = None
    show_if: Condition | None = None
    rules: tuple[Rule, ...] = ()

    def is_shown(self, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
        return self.show_if is None or self.show_if.evaluate(answers, today)

    @property
    def asks_one_question(self) -> bool:
        """A page with one question uses the question as its heading (GOV.UK pattern)."""
        return len(self.fields) == 1 and self.fields[0].type != "group"

    @cached_property
    def revealed_here(self) -> frozenset[str]:
        """The questions an answer on this same page shows: the page always carries them,
        and they are revealed as the answer is given (with JavaScript) or checked when
        the page is sent (without)."""
        here = {question.id for question in self.fields}
        return frozenset(
            question.id
            for question in self.fields
            if question.show_if is not None and here.intersection(question.show_if.field_refs())
        )


@dataclass(frozen=True)
class DocumentRequirement:
    id: str
    name: str
    description: str | None = None
    accept: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_files: int = 1
    required: bool = True
    show_if: Condition | None = None

    def applies(self, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
        return self.show_if is None or self.show_if.evaluate(answers, today)


@dataclass(frozen=True)
class Declaration:
    text: str
    confirm: str
    signature: str = "none"  # none | optional | required


@dataclass(frozen=True)
class Destination:
    office: str
    email: str | None = None
    webhook: str | None = None


@dataclass(frozen=True)
class FormDefinition:
    slug: str
    version: int
    title: str
    summary: str
    description: str
    reference_prefix: str
    language: str
    service_standard_days: int
    retention_days: int
    destination: Destination
    pages: tuple[Page, ...]
    declaration: Declaration
    documents: tuple[DocumentRequirement, ...] = ()
    what_happens_next: str | None = None
    source: str = ""
    source_json: str = dataclass_field(default="{}", repr=False)

    def as_json(self) -> dict[str, Any]:
        """The definition as its author wrote it, for the API."""
        return json.loads(self.source_json)

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def fields(self) -> Iterator[Field]:
        for page in self.pages:
            yield from page.fields

    def field(self, field_id: str) -> Field:
        for candidate in self.fields():
            if candidate.id == field_id:
                return candidate
        raise KeyError(field_id)

    def visible_pages(self, answers: Mapping[str, Any], today=None) -> list[Page]:
        return [page for page in self.pages if page.is_shown(answers, today)]

    def visible_answers(self, answers: Mapping[str, Any], today=None) -> dict[str, Any]:
        """Only the answers to questions the resident can see; hidden ones are dropped."""
        kept: dict[str, Any] = {}
        for page in self.visible_pages(answers, today):
            for question in page.fields:
                if question.id in answers and question.is_shown(answers, today):
                    kept[question.id] = question.visible_answer(
                        answers[question.id], answers, today
                    )
        return kept

    def document(self, document_id: str | None) -> DocumentRequirement | None:
        """The form's document with this id, if it has one."""
        return next((doc for doc in self.documents if doc.id == document_id), None)

    def file_title(self, field_id: str, document_id: str | None) -> str | None:
        """What a stored file was given as: the document's name (upload step, or a
        clerk's request for it) or the question's label; None if the form no longer
        names it (an earlier version, or a document the clerk described)."""
        document = self.document(document_id)
        if document is not None:
            return document.name
        for question in self.fields():
            if question.id == field_id and question.type == "file":
                return question.label
        return None

    def applicable_documents(self, answers, today=None) -> list[DocumentRequirement]:
        return [doc for doc in self.documents if doc.applies(answers, today)]

    def missing_required(self, page: Page, answers: Mapping[str, Any], today=None) -> list[str]:
        """Ids of required, visible questions on `page` that have no answer."""
        return [
            q.id
            for q in page.fields
            if q.required and q.is_shown(answers, today) and not is_answered(answers.get(q.id))
        ]
