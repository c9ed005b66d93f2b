"""Checks on definition data that say exactly what is wrong, and where.

First the JSON Schema (structure), then what a schema cannot say: duplicate ids and
choice values, conditions naming unknown questions, pages and questions that can
never be shown, settings that do not fit a question's type.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from .conditions import AllOf, AnyOf, Comparison, Condition, FieldRef, Not, parse_condition
from .dates import is_date_expression, resolve_date
from .source import LineMap, Path_, Problem

TYPE_SETTINGS = {
    "text": {"min_length", "max_length", "pattern"},
    "textarea": {"min_length", "max_length", "pattern"},
    "email": {"max_length"},
    "phone": {"max_length"},
    "number": {"min", "max", "integer"},
    "money": {"min", "max", "currency"},
    "date": {"min", "max"},
    "choice": {"choices", "widget"},
    "multichoice": {"choices"},
    "yesno": set(),
    "address": set(),
    "file": {"accept", "max_files"},
    "signature": set(),
    "group": {"fields", "min_items", "max_items", "item_label", "add_label"},
}
COMMON_SETTINGS = {"id", "type", "label", "hint", "required", "show_if", "autocomplete", "messages"}
CHOICE_VALUES = {"yesno": ("yes", "no")}
OPTIONAL_WORDING = re.compile(r"\boptional\b", re.IGNORECASE)
RESERVED_PAGE_IDS = {"start", "check", "declaration", "confirmation", "saved", "continue"}


@cache
def form_schema() -> dict[str, Any]:
    text = resources.files("kiosk.formdefs").joinpath("form.schema.json").read_text("utf-8")
    return json.loads(text)


def lint_data(data: Any, lines: LineMap, filename: str) -> list[Problem]:
    """Every problem in one definition, in file order."""
    problems = [
        Problem(filename, line, f"duplicate key '{path[-1]}'")
        for path, line in lines.duplicate_keys
    ]
    schema_problems = list(_schema_problems(data, lines, filename))
    if schema_problems:
        return sorted(problems + schema_problems, key=lambda p: p.line)
    checker = _SemanticChecks(data, lines, filename)
    checker.run()
    return sorted(problems + checker.problems, key=lambda p: p.line)


def _schema_problems(data, lines: LineMap, filename: str) -> Iterator[Problem]:
    validator = Draft202012Validator(form_schema(), format_checker=FormatChecker())
    for error in validator.iter_errors(data):
        if error.context:
            error = best_match(error.context)
        path = tuple(error.absolute_path)
        where = _describe(path)
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            known = error.schema.get("properties", {})
            unknown = [key for key in error.instance if key not in known]
            for key in unknown:
                message = f"{where}unknown key '{key}' (allowed: {', '.join(sorted(known))})"
                yield Problem(filename, lines.line(path + (key,)), message)
            continue
        yield Problem(filename, lines.line(path), f"{where}{error.message}")


def _describe(path: Path_) -> str:
    if not path:
        return ""
    return ".".join(str(part) for part in path) + ": "


def _dates_reversed(low: Any, high: Any) -> bool:
    """Whether two date bounds of the same kind (both fixed, or both from today) cross."""
    if not (isinstance(low, str) and isinstance(high, str)):
        return False
    if low.startswith("today") != high.startswith("today"):
        return False  # "2020-01-01" and "today" may cross only in the past
    day = dt.date(2000, 1, 1)
    first, last = resolve_date(low, day), resolve_date(high, day)
    return first is not None and last is not None and first > last


@dataclass
class _Question:
    id: str
    type: str
    choices: tuple[str, ...]
    page_index: int
    path: Path_
    group: str | None = None


class _SemanticChecks:
    def __init__(self, data: Mapping[str, Any], lines: LineMap, filename: str):
        self.data = data
        self.lines = lines
        self.filename = filename
        self.problems: list[Problem] = []
        self.questions: dict[str, _Question] = {}

    def report(self, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.filename, self.lines.line(path), message))

    def run(self) -> None:
        self._collect_ids()
        pages = self.data["pages"]
        for index, page in enumerate(pages):
            base = ("pages", index)
            self._check_condition(
                page.get("show_if"),
                base + ("show_if",),
                index,
                f"page '{page['id']}'",
                same_page_blocks=True,
            )
            for f_index, question in enumerate(page["fields"]):
                self._check_field(question, base + ("fields", f_index), index)
            self._check_repeated_heading(page, base)
            for r_index, rule in enumerate(page.get("rules", ())):
                self._check_rule(rule, base + ("rules", r_index), index, page)
        for d_index, document in enumerate(self.data.get("documents", ())):
            self._check_condition(
                document.get("show_if"),
                ("documents", d_index, "show_if"),
                len(pages),
                f"document '{document['id']}'",
            )

    # ids ---------------------------------------------------------------
    def _collect_ids(self) -> None:
        seen_pages: dict[str, int] = {}
        for index, page in enumerate(self.data["pages"]):
            if page["id"] in seen_pages:
                self.report(("pages", index, "id"), f"duplicate page id '{page['id']}'")
            if page["id"] in RESERVED_PAGE_IDS:
                self.report(
                    ("pages", index, "id"),
                    f"page id '{page['id']}' is reserved for Kiosk's own pages; choose another",
                )
            seen_pages[page["id"]] = index
            for f_index, question in enumerate(page["fields"]):
                path = ("pages", index, "fields", f_index)
                self._register(question, path, index, None)
                for s_index, sub in enumerate(question.get("fields", ())):
                    self._register(sub, path + ("fields", s_index), index, question["id"])
        seen_docs: set[str] = set()
        for d_index, document in enumerate(self.data.get("documents", ())):
            if document["id"] in seen_docs:
                self.report(
                    ("documents", d_index, "id"), f"duplicate document id '{document['id']}'"
                )
            seen_docs.add(document["id"])

    def _register(self, question, path: Path_, page_index: int, group: str | None) -> None:
        key = f"{group}.{question['id']}" if group else question["id"]
        if key in self.questions:
            where = f"in group '{group}'" if group else "in this form"
            self.report(path + ("id",), f"duplicate field id '{question['id']}' {where}")
            return
        values = tuple(str(c["value"]) for c in question.get("choices", ()))
        self.questions[key] = _Question(
            question["id"],
            question["type"],
            values or CHOICE_VALUES.get(question["type"], ()),
            page_index,
            path,
            group,
        )
        seen: set[str] = set()
        for c_index, choice in enumerate(question.get("choices", ())):
            value = str(choice["value"])
            if value in seen:
                self.report(
                    path + ("choices", c_index, "value"),
                    f"duplicate choice value '{value}' in field '{question['id']}'",
                )
            seen.add(value)

    # fields ------------------------------------------------------------
    def _check_field(self, question, path: Path_, page_index: int, group: str | None = None):
        kind = question["type"]
        allowed = COMMON_SETTINGS | TYPE_SETTINGS[kind]
        for key in question:
            if key not in allowed:
                self.report(
                    path + (key,), f"field '{question['id']}' of type '{kind}' does not use '{key}'"
                )
        self._check_bounds(question, path)
        self._check_optional_wording(question, path)
        if kind == "group":
            if group:
                self.report(
                    path + ("type",), f"group '{question['id']}' cannot sit inside group '{group}'"
                )
            for s_index, sub in enumerate(question.get("fields", ())):
                self._check_field(sub, path + ("fields", s_index), page_index, question["id"])
        self._check_condition(
            question.get("show_if"),
            path + ("show_if",),
            page_index,
            f"field '{question['id']}'",
            group=group,
        )

    def _check_repeated_heading(self, page, path: Path_) -> None:
        """A group on a page with other questions has its label as a heading under the
        page's title; the same words twice read as one heading repeated."""
        if len(page["fields"]) < 2:
            return  # a page of one group shows only the page's title
        title = str(page.get("title", "")).strip().casefold()
        for f_index, question in enumerate(page["fields"]):
            if (
                question["type"] == "group"
                and str(question.get("label", "")).strip().casefold() == title
            ):
                self.report(
                    path + ("fields", f_index, "label"),
                    f"group '{question['id']}' repeats its page's title as a heading; "
                    "give it a label of its own",
                )

    def _check_optional_wording(self, question, path: Path_) -> None:
        """The page marks a question that is not required with "(optional)" after its
        label; saying it in the label or hint as well makes people hear it twice."""
        if question.get("required", True) is not False:
            return
        for key in ("label", "hint"):
            if OPTIONAL_WORDING.search(question.get(key) or ""):
                self.report(
                    path + (key,),
                    f"field '{question['id']}': the page already adds \"(optional)\" to "
                    f'questions that are not required; take "optional" out of the {key}',
                )

    def _check_bounds(self, question, path: Path_) -> None:
        low, high = question.get("min"), question.get("max")
        if question["type"] == "date":
            for key, value in (("min", low), ("max", high)):
                if value is not None and not (isinstance(value, str) and is_date_expression(value)):
                    self.report(
                        path + (key,),
                        f"'{value}' is not a date: use YYYY-MM-DD, today, or today-18y",
                    )
            if _dates_reversed(low, high):
                self.report(path + ("min",), f"field '{question['id']}': min is after max")
        elif any(isinstance(v, str) for v in (low, high)):
            self.report(path, f"field '{question['id']}': min and max must be numbers")
        elif low is not None and high is not None and low > high:
            self.report(path + ("min",), f"field '{question['id']}': min is greater than max")
        pairs = (("min_length", "max_length"), ("min_items", "max_items"))
        for low_key, high_key in pairs:
            lo, hi = question.get(low_key), question.get(high_key)
            if lo is not None and hi is not None and lo > hi:
                self.report(
                    path + (low_key,),
                    f"field '{question['id']}': {low_key} is greater than {high_key}",
                )

    def _check_rule(self, rule, path: Path_, page_index: int, page) -> None:
        on_page = {q["id"] for q in page["fields"]}
        if rule["field"] not in on_page:
            self.report(
                path + ("field",),
                f"rule names field '{rule['field']}', which is not on page '{page['id']}'",
            )
        outcomes = {"check": "can never be met", "when": "never applies"}
        for key, outcome in outcomes.items():
            self._check_condition(rule.get(key), path + (key,), page_index, "rule", outcome=outcome)

    # conditions ----------------------------------------------------------
    def _check_condition(
        self,
        data,
        path: Path_,
        page_index: int,
        subject: str,
        group: str | None = None,
        same_page_blocks: bool = False,
        outcome: str = "can never be shown",
    ) -> None:
        """Check that a condition names known answers given in time, and can be true."""
        if data is None:
            return
        condition = parse_condition(data)
        known = True
        for name in condition.field_refs():
            question = self._lookup(name, group)
            if question is None:
                self.report(path, f"{subject}: condition names unknown field '{name}'")
                known = False
            elif question.page_index > page_index or (
                same_page_blocks and question.page_index == page_index
            ):
                when = (
                    "on the same page" if question.page_index == page_index else "on a later page"
                )
                self.report(
                    path, f"{subject} {outcome}: its condition uses '{name}', which is asked {when}"
                )
                known = False
        if known and self._never_true(condition, group):
            self.report(path, f"{subject} {outcome}: its condition can never be true")

    def _lookup(self, name: str, group: str | None) -> _Question | None:
        if group and f"{group}.{name}" in self.questions:
            return self.questions[f"{group}.{name}"]
        return self.questions.get(name)

    def _never_true(self, condition: Condition, group: str | None) -> bool:
        if isinstance(condition, Comparison):
            return self._impossible_comparison(condition, group)
        if isinstance(condition, AnyOf):
            return all(self._never_true(c, group) for c in condition.conditions)
        if isinstance(condition, AllOf):
            if any(self._never_true(c, group) for c in condition.conditions):
                return True
            required: dict[str, set[str]] = {}
            for c in condition.conditions:
                if (
                    isinstance(c, Comparison)
                    and c.op == "equals"
                    and not isinstance(c.value, FieldRef)
                ):
                    required.setdefault(c.field, set()).add(str(c.value))
            return any(
                len(values) > 1 and self._single_valued(f, group) for f, values in required.items()
            )
        if isinstance(condition, Not):
            return False
        return False

    def _single_valued(self, name: str, group: str | None) -> bool:
        question = self._lookup(name, group)
        return question is not None and question.type != "multichoice"

    def _impossible_comparison(self, c: Comparison, group: str | None) -> bool:
        question = self._lookup(c.field, group)
        if question is None or not question.choices or isinstance(c.value, FieldRef):
            return False
        if c.op == "equals":
            return str(c.value) not in question.choices
        if c.op == "one_of":
            return not any(str(v) in question.choices for v in c.value)
        return False
