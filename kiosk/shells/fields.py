"""A bound WTForms form as a page shell sees it: what is the same for every resident,
and each value as a slot (kiosk/shells)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .slots import MEMO, Filler, Probe, ShellRefused, Slot


class ShellForm:
    """A bound WTForms form as a shell sees it: fields by name, in order."""

    __slots__ = ("_form", "_probe", "_path")

    def __init__(self, form, probe: Probe, path: Filler) -> None:
        self._form = form
        self._probe = probe
        self._path = path

    def __getitem__(self, name: str) -> ShellField:
        return ShellField(self._form[name], self._probe, _field_of(self._path, name))

    def __contains__(self, name: str) -> bool:
        return name in self._form

    def __iter__(self) -> Iterator[ShellField]:
        for field in self._form:
            yield self[field.short_name]

    def __getattr__(self, name: str):
        raise ShellRefused(f"a template read .{name} of the page's form")


def _field_of(path: Filler, name: str) -> Filler:
    return lambda values: path(values)[name]


class ShellField:
    """A bound field as a shell sees it: what is the same for every resident, and each
    value as a slot."""

    __slots__ = ("_field", "_probe", "_path")

    SAME_FOR_EVERYONE = frozenset(
        {"id", "name", "short_name", "render_kw", "label", "type", "description", "flags"}
    )

    def __init__(self, field, probe: Probe, path: Filler) -> None:
        self._field = field
        self._probe = probe
        self._path = path

    def __getattr__(self, name: str):
        if name in self.SAME_FOR_EVERYONE:
            return getattr(self._field, name)
        if name == "errors":
            if self._field.errors:
                raise ShellRefused("a field has errors")
            return []
        if name == "invalid_parts":
            return []  # read only beside errors
        if name == "_value":
            path = self._path
            return lambda: self._probe.slot(lambda values: path(values)._value())
        if name == "parts":
            return _Parts(self._probe, self._path)
        if name == "form":
            return ShellForm(self._field.form, self._probe, lambda v, p=self._path: p(v).form)
        if name == "iter_choices":
            return self._choices
        raise ShellRefused(f"a template read .{name} of a field")

    def __iter__(self) -> Iterator[_Option]:
        """Radio buttons: WTForms' options, each `checked` as a slot."""
        path = self._path
        for number, option in enumerate(self._field):
            yield _Option(option, self._probe.slot(_nth(path, _radio_states, number)))

    def _choices(self) -> list[_Choice]:
        path = self._path
        return [
            _Choice(choice, self._probe.slot(_nth(path, _choice_states, number)))
            for number, choice in enumerate(self._field.iter_choices())
        ]

    def __call__(self, *args, **kwargs):
        raise ShellRefused("a template called a field's widget")


def _radio_states(field) -> list[bool]:
    return [option.checked for option in field]


def _choice_states(field) -> list[bool]:
    return [choice.selected for choice in field.iter_choices()]


def _nth(path: Filler, states: Callable[[Any], list[bool]], number: int) -> Filler:
    """The state of a field's `number`th option; the field's states are worked out once
    per page rather than once per option."""

    def state(values: dict[str, Any]) -> bool:
        memo = values[MEMO]
        found = memo.get((path, states))
        if found is None:
            found = memo[(path, states)] = states(path(values))
        return found[number]

    return state


class _Parts:
    """A date field's day, month and year, each a slot."""

    __slots__ = ("_probe", "_path")

    def __init__(self, probe: Probe, path: Filler) -> None:
        self._probe = probe
        self._path = path

    def __getitem__(self, part: str) -> Slot:
        path = self._path
        return self._probe.slot(lambda values: path(values).parts[part])


class _Option:
    """A radio button: its id, value and label, and `checked` as a slot."""

    __slots__ = ("id", "data", "label", "checked")

    def __init__(self, option, checked: Slot) -> None:
        self.id, self.data, self.label = option.id, option.data, option.label
        self.checked = checked


class _Choice:
    """A select option or checkbox: its value and label, and `selected` as a slot."""

    __slots__ = ("value", "label", "selected")

    def __init__(self, choice, selected: Slot) -> None:
        self.value, self.label = choice.value, choice.label
        self.selected = selected
