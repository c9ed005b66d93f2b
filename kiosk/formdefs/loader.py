"""Turning checked definition data into the immutable model, and the catalog of forms."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .conditions import parse_condition
from .lint import lint_data
from .model import (
    Choice,
    Declaration,
    Destination,
    DocumentRequirement,
    Field,
    FormDefinition,
    Page,
    Pattern,
    Rule,
)
from .source import Problem, SourceError, read_source


class DefinitionError(Exception):
    """One or more definitions have problems; each carries its file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_definition(path: Path) -> FormDefinition:
    """Read, lint and build one definition; raise DefinitionError on any problem."""
    try:
        data, lines = read_source(path)
    except SourceError as exc:
        raise DefinitionError([exc.problem]) from exc
    problems = lint_data(data, lines, str(path))
    if problems:
        raise DefinitionError(problems)
    return build_definition(data, source=str(path))


def build_definition(data: Mapping[str, Any], source: str = "") -> FormDefinition:
    return FormDefinition(
        slug=data["slug"],
        version=data["version"],
        title=data["title"],
        summary=data["summary"],
        description=data.get("description", ""),
        what_happens_next=data.get("what_happens_next"),
        reference_prefix=data["reference_prefix"],
        language=data.get("language", "en"),
        service_standard_days=data["service_standard"]["working_days"],
        retention_days=data["retention"]["days"],
        destination=Destination(**data["destination"]),
        pages=tuple(_page(p) for p in data["pages"]),
        documents=tuple(_document(d) for d in data.get("documents", ())),
        declaration=Declaration(**data["declaration"]),
        source=source,
        source_json=json.dumps(data, sort_keys=False, default=str),
    )


def _condition(data):
    return parse_condition(data) if data is not None else None


def _page(data) -> Page:
    return Page(
        id=data["id"],
        title=data["title"],
        description=data.get("description"),
        show_if=_condition(data.get("show_if")),
        fields=tuple(_field(f) for f in data["fields"]),
        rules=tuple(
            Rule(
                field=r["field"],
                check=parse_condition(r["check"]),
                message=r["message"],
                when=_condition(r.get("when")),
            )
            for r in data.get("rules", ())
        ),
    )


def _bound(value):
    if value is None or isinstance(value, str):
        return value
    return Decimal(str(value))


def _field(data) -> Field:
    pattern = data.get("pattern")
    return Field(
        id=data["id"],
        type=data["type"],
        label=data["label"],
        hint=data.get("hint"),
        required=data.get("required", True),
        show_if=_condition(data.get("show_if")),
        autocomplete=data.get("autocomplete"),
        messages=MappingProxyType(dict(data.get("messages", {}))),
        min_length=data.get("min_length"),
        max_length=data.get("max_length"),
        pattern=Pattern(pattern["regex"], pattern["message"]) if pattern else None,
        minimum=_bound(data.get("min")),
        maximum=_bound(data.get("max")),
        integer=data.get("integer", False),
        currency=data.get("currency"),
        choices=tuple(
            Choice(str(c["value"]), c["label"], c.get("hint")) for c in data.get("choices", ())
        ),
        widget=data.get("widget"),
        accept=tuple(data.get("accept", ("pdf", "jpeg", "png"))),
        max_files=data.get("max_files", 1),
        fields=tuple(_field(f) for f in data.get("fields", ())),
        min_items=data.get("min_items", 1 if data.get("required", True) else 0),
        max_items=data.get("max_items"),
        item_label=data.get("item_label"),
        add_label=data.get("add_label"),
    )


def _document(data) -> DocumentRequirement:
    return DocumentRequirement(
        id=data["id"],
        name=data["name"],
        description=data.get("description"),
        accept=tuple(data.get("accept", ("pdf", "jpeg", "png"))),
        max_files=data.get("max_files", 1),
        required=data.get("required", True),
        show_if=_condition(data.get("show_if")),
    )


@dataclass(frozen=True)
class FormCatalog:
    """Every published form, by slug, loaded once."""

    forms: Mapping[str, FormDefinition]

    def __iter__(self) -> Iterator[FormDefinition]:
        return iter(self.forms.values())

    def __len__(self) -> int:
        return len(self.forms)

    def get(self, slug: str) -> FormDefinition | None:
        return self.forms.get(slug)


def definition_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))


def load_catalog(folder: Path) -> FormCatalog:
    """Load every `*.yaml` in `folder`; raise DefinitionError listing all problems."""
    problems: list[Problem] = []
    forms: dict[str, FormDefinition] = {}
    for path in definition_files(folder):
        try:
            definition = load_definition(path)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        if definition.slug in forms:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"slug '{definition.slug}' is already used by {forms[definition.slug].source}",
                )
            )
        forms[definition.slug] = definition
    if problems:
        raise DefinitionError(problems)
    return FormCatalog(MappingProxyType(forms))
