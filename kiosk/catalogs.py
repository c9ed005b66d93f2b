"""Checks that keep translations from drifting: a stale template, missing or fuzzy
translations, and placeholders that differ between a msgid and its translation."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from . import paths

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "lazy_gettext": None}


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def extracted_messages(root: Path = paths.ROOT) -> set[str]:
    """The msgids the code, templates and forms use now (first form of plurals)."""
    method_map, options_map = _mapping(root / "babel.cfg")
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _mapping(config: Path):
    from babel.messages.frontend import parse_mapping_cfg

    with config.open() as handle:
        return parse_mapping_cfg(handle)


def template_problems(pot: Path = paths.TRANSLATIONS / "messages.pot") -> list[str]:
    if not pot.exists():
        return [f"{pot}: missing: run `make translations`"]
    in_template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_catalog(pot) if m.id}
    current = extracted_messages()
    problems = []
    added, removed = current - in_template, in_template - current
    if added or removed:
        sample = sorted(added)[:3] + sorted(removed)[:3]
        problems.append(
            f"{pot}: stale ({len(added)} new, {len(removed)} unused message(s), e.g. "
            + "; ".join(repr(s[:60]) for s in sample)
            + "): run `make translations`"
        )
    return problems


def catalog_problems(language: str, folder: Path = paths.TRANSLATIONS) -> list[str]:
    path = folder / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return [f"{path}: missing catalog for '{language}'"]
    problems = []
    for message in read_catalog(path):
        if not message.id:
            continue
        where = f"{path}:{message.lineno}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"{where}: fuzzy translation of {ids[0][:60]!r}")
        if not all(strings):
            problems.append(f"{where}: no translation of {ids[0][:60]!r}")
            continue
        expected = _placeholders(ids)
        for string in strings:
            if _placeholders([string]) - expected or (
                len(ids) == 1 and _placeholders([string]) != expected
            ):
                problems.append(
                    f"{where}: placeholders differ in the translation of {ids[0][:60]!r}"
                )
                break
    return problems


def _placeholders(texts: Iterable[str]) -> set[str]:
    return {match.group(0) for text in texts for match in PLACEHOLDER.finditer(text)}


def compile_catalogs(folder: Path = paths.TRANSLATIONS) -> int:
    """Write a .mo next to every .po; returns how many (build output, not committed)."""
    count = 0
    for po in folder.glob("*/LC_MESSAGES/messages.po"):
        catalog = read_catalog(po)
        with tempfile.NamedTemporaryFile("wb", dir=po.parent, delete=False) as handle:
            write_mo(handle, catalog)
        Path(handle.name).replace(po.with_suffix(".mo"))
        count += 1
    return count
