"""Slots: the per-request values of a page shell, and a shell's text with its holes.

A `Slot` writes a placeholder marked with its shell's random mark and refuses anything
else; a `Shell` is the page's text split at those placeholders, filled per request.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

MEMO = object()  # a page's own memo among the values a shell is filled with

Filler = Callable[[dict[str, Any]], Any]


class ShellRefused(Exception):
    """The page read something per-request that is not a slot: render it in full."""


class Probe:
    """The slots of one shell as it is made: each slot's filler, by number, and the
    shell's own random mark, so that no text of a form's can be taken for a hole."""

    def __init__(self) -> None:
        self.fillers: list[Filler] = []
        self.mark = secrets.token_hex(8)

    def slot(self, filler: Filler) -> Slot:
        self.fillers.append(filler)
        return Slot(self, len(self.fillers) - 1)


class Slot:
    """A per-request value in a shell: written as a numbered hole, nothing else."""

    __slots__ = ("_probe", "_number")

    def __init__(self, probe: Probe, number: int) -> None:
        self._probe = probe
        self._number = number

    def __html__(self) -> str:
        return f"\ue000{self._probe.mark}:{self._number}\ue001"

    def then(self, change: Callable[[Any], Any]) -> Slot:
        """A slot for `change(value)`, for helpers that write markup from a value."""
        filler = self._probe.fillers[self._number]
        return self._probe.slot(lambda values: change(filler(values)))

    def _refuse(self, *args, **kwargs):
        raise ShellRefused("a template used a per-request value as more than text")

    __str__ = __repr__ = __bool__ = __iter__ = __len__ = __getitem__ = __contains__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __format__ = _refuse
    __int__ = __float__ = __index__ = __round__ = __neg__ = __abs__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __mod__ = __rmod__ = _refuse
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = _refuse
    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str):
        raise ShellRefused(f"a template read .{name} of a per-request value")


def attribute_if(flag, name: str) -> Markup | Slot:
    """` checked` (or another boolean attribute) when `flag` is true: a template global,
    so that a shell can hold the choice as a slot rather than branch on it."""
    if isinstance(flag, Slot):
        return flag.then(lambda value: attribute_if(value, name))
    return Markup(" ") + name if flag else Markup()


class Shell:
    """A page as literal text with numbered holes, and what fills each hole."""

    __slots__ = ("_literals", "_holes", "_fillers")

    def __init__(self, html: str, probe: Probe) -> None:
        pieces = re.split(f"\ue000{probe.mark}:([0-9]+)\ue001", html)
        self._literals = tuple(pieces[0::2])
        self._holes = tuple(int(number) for number in pieces[1::2])
        self._fillers = tuple(probe.fillers)
        if any(probe.mark in text for text in self._literals):
            raise ShellRefused("a slot was changed on its way into the page")

    def fill(self, values: dict[str, Any]) -> str:
        values = {**values, MEMO: {}}
        literals = self._literals
        out = [literals[0]]
        for hole, literal in zip(self._holes, literals[1:], strict=True):
            out.append(escape(self._fillers[hole](values)))
            out.append(literal)
        return "".join(out)
