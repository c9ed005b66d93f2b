"""WTForms classes for the pages of a definition, built once and cached.

Validation follows the definition rather than the class: a question hidden by its
`show_if` (given the answers so far and those on this page) is neither validated nor
kept, and a page's cross-field `rules` run after its questions are valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import BooleanField, Form, FormField

from kiosk.formdefs import Declaration, Field, Page
from kiosk.formdefs.conditions import is_answered
from kiosk.messages import N_

from .fields import clean
from .meta import KioskMeta
from .registry import TypedSignature, handler_for
from .validators import Required


class PageForm(Form):
    class Meta(KioskMeta):
        pass

    page: Page

    def answers(self) -> dict[str, Any]:
        """The answers on this page as JSON values, valid or not."""
        return {q.id: clean(self[q.id]) for q in self.page.fields}

    def validate_page(self, saved: Mapping[str, Any]) -> bool:
        today = self.meta.today
        answers = {**saved, **self.answers()}
        valid = True
        for question in self.page.fields:
            bound = self[question.id]
            if not question.is_shown(answers, today) or (
                not question.required and not is_answered(answers.get(question.id))
            ):
                _clear(bound)
                continue
            if question.type == "group":
                valid &= _validate_group(self, question, bound, answers, today)
            else:
                valid &= bound.validate(self)
        if valid:
            valid = self._check_rules(answers, today)
        return valid

    def _check_rules(self, answers, today) -> bool:
        valid = True
        for rule in self.page.rules:
            if rule.when is not None and not rule.when.evaluate(answers, today):
                continue
            if not all(is_answered(answers.get(name)) for name in rule.check.field_refs()):
                continue  # a rule compares answers; an optional one left blank is not wrong
            if not rule.check.evaluate(answers, today):
                bound = self[rule.field]
                bound.errors = [*bound.errors, bound.gettext(rule.message)]
                valid = False
        return valid

    def visible_answers(self, saved: Mapping[str, Any]) -> dict[str, Any]:
        """This page's answers without those to questions its conditions hide."""
        answers = {**saved, **self.answers()}
        today = self.meta.today
        kept = {}
        for question in self.page.fields:
            if question.is_shown(answers, today):
                kept[question.id] = question.visible_answer(answers[question.id], answers, today)
        return kept

    def error_list(self) -> list[tuple[str, str]]:
        """`(anchor id, message)` for the error summary, in page order."""
        errors = []
        for question in self.page.fields:
            bound = self[question.id]
            if question.type == "group":
                errors += _group_error_links(question, bound)
            else:
                errors += handler_for(question.type).error_links(bound)
        return errors


def _clear(bound) -> None:
    """Forget errors of a question that is not asked (an address clears its parts)."""
    if isinstance(bound, FormField):
        for sub in bound.form:
            _clear(sub)
        return
    bound.errors = []


def _group_error_links(question: Field, bound) -> list[tuple[str, str]]:
    if bound.errors and all(isinstance(m, str) for m in bound.errors):
        first = f"{bound.entries[0].id}-{question.fields[0].id}" if bound.entries else bound.id
        return [(first, message) for message in bound.errors]
    links = []
    for entry in bound.entries:
        for sub_question in question.fields:
            sub = entry.form[sub_question.id]
            links += handler_for(sub_question.type).error_links(sub)
    return links


def _validate_group(form, question: Field, bound, answers, today) -> bool:
    valid = True
    item_errors = []
    for entry in bound.entries:
        item = {sub.short_name: clean(sub) for sub in entry.form}
        errors = {}
        for sub_question in question.fields:
            sub = entry.form[sub_question.id]
            if not question.asks_in_item(sub_question, item, answers, today) or (
                not sub_question.required and not is_answered(item.get(sub_question.id))
            ):
                _clear(sub)
                continue
            if not sub.validate(entry.form):
                errors[sub_question.id] = sub.errors
                valid = False
        item_errors.append(errors)
    bound.errors = item_errors if not valid else []
    if valid and len(bound.entries) < question.min_items:
        bound.errors = [
            bound.gettext(N_("Add at least %(count)s items")) % {"count": question.min_items}
        ]
        valid = False
    return valid


_page_classes: dict[int, tuple[Page, type[PageForm]]] = {}


def page_form_class(page: Page) -> type[PageForm]:
    """The WTForms class for `page`, built on first use and kept for the process."""
    cached = _page_classes.get(id(page))
    if cached is None or cached[0] is not page:
        attrs: dict[str, Any] = {"page": page}
        for question in page.fields:
            attrs[question.id] = handler_for(question.type).build(question)
        cached = (page, type(f"PageForm_{page.id}", (PageForm,), attrs))
        _page_classes[id(page)] = cached
    return cached[1]


def item_form_class(question: Field) -> type[Form]:
    """The sub-form for one item of a repeating group."""
    attrs: dict[str, Any] = {"Meta": KioskMeta}
    attrs |= {sub.id: handler_for(sub.type).build(sub) for sub in question.fields}
    return type(f"Item_{question.id}", (Form,), attrs)


class DeclarationForm(Form):
    class Meta(KioskMeta):
        pass


_declaration_classes: dict[int, tuple[Declaration, type[DeclarationForm]]] = {}


def declaration_form_class(declaration: Declaration) -> type[DeclarationForm]:
    cached = _declaration_classes.get(id(declaration))
    if cached is None or cached[0] is not declaration:
        attrs: dict[str, Any] = {
            "confirm": BooleanField(
                declaration.confirm,
                validators=[
                    Required(
                        N_("Confirm the declaration to send your application"), declaration.confirm
                    )
                ],
            )
        }
        if declaration.signature != "none":
            signature = Field(
                id="signature",
                type="signature",
                label=N_("Type your full name to sign"),
                required=declaration.signature == "required",
                # Signing is the one place a name is typed again (WCAG 3.3.7 allows it as
                # essential); the browser can still offer the name given earlier.
                autocomplete="name",
            )
            attrs["signature"] = TypedSignature().build(signature)
            attrs["signature_question"] = signature
        cached = (declaration, type("DeclarationForm_", (DeclarationForm,), attrs))
        _declaration_classes[id(declaration)] = cached
    return cached[1]
