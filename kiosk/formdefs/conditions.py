"""Conditions on answers: the `show_if` and `rules` language of form definitions.

A condition is parsed once from its YAML mapping into an immutable tree and then
evaluated many times against a resident's answers. Answers are JSON values (strings,
lists, mappings); comparisons coerce both sides to numbers or dates when both sides
read as such, so `greater_than: 1000` works on a money answer and `after: today`
on a date answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .dates import resolve_date

COMPARISONS = (
    "equals",
    "not_equals",
    "one_of",
    "greater_than",
    "less_than",
    "at_least",
    "at_most",
    "answered",
)
COMBINATORS = ("all", "any", "not")


class ConditionError(ValueError):
    """A condition mapping that cannot be understood."""


@dataclass(frozen=True)
class FieldRef:
    """An operand that names another answer instead of a literal value."""

    field: str


class Condition:
    """Base of the condition tree."""

    def evaluate(self, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
        raise NotImplementedError

    def field_refs(self) -> Iterator[str]:
        raise NotImplementedError

    def comparisons(self) -> Iterator[Comparison]:
        raise NotImplementedError


@dataclass(frozen=True)
class Comparison(Condition):
    field: str
    op: str
    value: Any

    def evaluate(self, answers, today=None):
        answer = answers.get(self.field)
        if self.op == "answered":
            return is_answered(answer) == bool(self.value)
        if not is_answered(answer):
            return self.op == "not_equals"
        operand = self._operand(answers, today)
        if operand is None:
            return False
        if self.op == "equals":
            return _matches(answer, operand)
        if self.op == "not_equals":
            return not _matches(answer, operand)
        if self.op == "one_of":
            return any(_matches(answer, option) for option in operand)
        return _ordered(answer, operand, self.op)

    def _operand(self, answers, today):
        if isinstance(self.value, FieldRef):
            other = answers.get(self.value.field)
            return other if is_answered(other) else None
        if self.op in ("greater_than", "less_than", "at_least", "at_most") and isinstance(
            self.value, str
        ):
            resolved = resolve_date(self.value, today)
            if resolved is not None:
                return resolved.isoformat()
        return self.value

    def field_refs(self):
        yield self.field
        if isinstance(self.value, FieldRef):
            yield self.value.field

    def comparisons(self):
        yield self


@dataclass(frozen=True)
class _Combination(Condition):
    conditions: tuple[Condition, ...]

    def field_refs(self):
        for c in self.conditions:
            yield from c.field_refs()

    def comparisons(self):
        for c in self.conditions:
            yield from c.comparisons()


@dataclass(frozen=True)
class AllOf(_Combination):
    def evaluate(self, answers, today=None):
        return all(c.evaluate(answers, today) for c in self.conditions)


@dataclass(frozen=True)
class AnyOf(_Combination):
    def evaluate(self, answers, today=None):
        return any(c.evaluate(answers, today) for c in self.conditions)


@dataclass(frozen=True)
class Not(Condition):
    condition: Condition

    def evaluate(self, answers, today=None):
        return not self.condition.evaluate(answers, today)

    def field_refs(self):
        yield from self.condition.field_refs()

    def comparisons(self):
        yield from self.condition.comparisons()


def parse_condition(data: Any) -> Condition:
    """Build a condition tree from its definition mapping."""
    if not isinstance(data, Mapping):
        raise ConditionError("a condition must be a mapping")
    if "all" in data or "any" in data:
        key = "all" if "all" in data else "any"
        parts = data[key]
        if not isinstance(parts, list) or not parts:
            raise ConditionError(f"'{key}' needs a list of conditions")
        inner = tuple(parse_condition(part) for part in parts)
        return AllOf(inner) if key == "all" else AnyOf(inner)
    if "not" in data:
        return Not(parse_condition(data["not"]))
    if "field" not in data:
        raise ConditionError("a condition needs 'field', 'all', 'any' or 'not'")
    ops = [op for op in COMPARISONS if op in data]
    if len(ops) != 1:
        raise ConditionError(f"a condition needs exactly one of: {', '.join(COMPARISONS)}")
    op = ops[0]
    value = data[op]
    if isinstance(value, Mapping) and "field" in value:
        value = FieldRef(str(value["field"]))
    elif op == "one_of":
        value = tuple(_literal(v) for v in value)
    elif op != "answered":
        value = _literal(value)
    return Comparison(str(data["field"]), op, value)


def is_answered(answer: Any) -> bool:
    if answer is None:
        return False
    if isinstance(answer, str):
        return answer.strip() != ""
    if isinstance(answer, list | tuple):
        return any(is_answered(item) for item in answer)
    if isinstance(answer, Mapping):
        return any(is_answered(item) for item in answer.values())
    return True


def _literal(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _matches(answer: Any, expected: Any) -> bool:
    if isinstance(answer, list | tuple):
        return any(_matches(item, expected) for item in answer)
    left, right = _coerce_pair(answer, expected)
    return left == right


def _ordered(answer: Any, operand: Any, op: str) -> bool:
    left, right = _coerce_pair(answer, operand)
    if type(left) is not type(right) or isinstance(left, str):
        return False
    return {
        "greater_than": left > right,
        "less_than": left < right,
        "at_least": left >= right,
        "at_most": left <= right,
    }[op]


def _coerce_pair(left: Any, right: Any) -> tuple[Any, Any]:
    for coerce in (_as_number, _as_date):
        a, b = coerce(left), coerce(right)
        if a is not None and b is not None:
            return a, b
    return str(left).strip().casefold(), str(right).strip().casefold()


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def condition_data(condition: Condition) -> dict[str, Any]:
    """A condition as plain data again (for the browser's conditional reveal)."""
    if isinstance(condition, AllOf):
        return {"all": [condition_data(c) for c in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_data(c) for c in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": condition_data(condition.condition)}
    value = condition.value
    if isinstance(value, FieldRef):
        value = {"field": value.field}
    elif isinstance(value, tuple):
        value = list(value)
    return {"field": condition.field, condition.op: value}
