"""A Babel extractor for form definitions: every text a resident reads becomes a msgid.

Registered as the `kiosk_forms` extractor (see pyproject.toml and babel.cfg), so
`pybabel extract` puts form text into `messages.pot` beside the interface's own
strings, each with the file and line it came from and a comment saying what it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from .source import DefinitionLoader, LineMap, _walk

FORM_TEXT = ("title", "summary", "description", "what_happens_next")
PAGE_TEXT = ("title", "description")
FIELD_TEXT = ("label", "hint", "item_label", "add_label")
DOCUMENT_TEXT = ("name", "description")


def extract_form_definitions(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    text = fileobj.read().decode("utf-8")
    data = yaml.load(text, Loader=DefinitionLoader)
    node = yaml.compose(text, Loader=DefinitionLoader)
    lines = LineMap()
    if node is not None:
        _walk(node, (), lines)
    for path, message in form_texts(data):
        yield lines.line(path), None, message, [_describe(path)]


def form_texts(data: Any) -> Iterator[tuple[tuple, str]]:
    """`(path, text)` for every translatable text in a definition, in file order."""
    if not isinstance(data, dict):
        return
    yield from _texts(data, (), FORM_TEXT)
    for index, document in enumerate(data.get("documents") or ()):
        yield from _texts(document, ("documents", index), DOCUMENT_TEXT)
    for index, page in enumerate(data.get("pages") or ()):
        base = ("pages", index)
        yield from _texts(page, base, PAGE_TEXT)
        for f_index, question in enumerate(page.get("fields") or ()):
            yield from _field_texts(question, base + ("fields", f_index))
        for r_index, rule in enumerate(page.get("rules") or ()):
            yield from _texts(rule, base + ("rules", r_index), ("message",))
    declaration = data.get("declaration") or {}
    yield from _texts(declaration, ("declaration",), ("text", "confirm"))


def _field_texts(question: dict, path: tuple) -> Iterator[tuple[tuple, str]]:
    yield from _texts(question, path, FIELD_TEXT)
    for c_index, choice in enumerate(question.get("choices") or ()):
        yield from _texts(choice, path + ("choices", c_index), ("label", "hint"))
    messages = question.get("messages") or {}
    yield from _texts(messages, path + ("messages",), tuple(messages))
    pattern = question.get("pattern") or {}
    yield from _texts(pattern, path + ("pattern",), ("message",))
    for s_index, sub in enumerate(question.get("fields") or ()):
        yield from _field_texts(sub, path + ("fields", s_index))


def _texts(mapping: dict, path: tuple, keys) -> Iterator[tuple[tuple, str]]:
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value.strip():
            yield path + (key,), value


def _describe(path: tuple) -> str:
    return "form text: " + ".".join(str(part) for part in path)
