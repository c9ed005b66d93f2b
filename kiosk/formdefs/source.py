"""Reading YAML definitions while remembering the line each value came from.

The linter reports `file:line: message`, so every mapping key and list item is
recorded in a `LineMap` keyed by its path (`("pages", 2, "fields", 0, "id")`).
YAML 1.1 booleans such as `yes`, `no`, `on` and `off` stay strings: in a form
definition `equals: no` means the answer "no", not False. Unquoted dates such as
`min: 2024-01-01` stay strings too, as the schema expects.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[Hashable, ...]


class DefinitionLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true and false) and dates kept as text."""


_PLAIN_TEXT_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
DefinitionLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TEXT_TAGS]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
DefinitionLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class LineMap:
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int]] = field(default_factory=list)

    def line(self, path: Path_) -> int:
        """The line of `path`, or of its nearest recorded parent."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class SourceError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_source(path: Path) -> tuple[Any, LineMap]:
    """Parse a YAML file into plain data and the line of every value in it."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=DefinitionLoader)
        data = yaml.load(text, Loader=DefinitionLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise SourceError(Problem(str(path), line, f"not valid YAML: {reason}")) from exc
    lines = LineMap()
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, path: Path_, lines: LineMap) -> None:
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                lines.duplicate_keys.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            lines.lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)
