"""Checks that keep translations from drifting: a stale template, missing or fuzzy
translations, placeholders that differ between a msgid and its translation, and, in a
right-to-left language, examples whose numbers would read backwards."""

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
from .locales import text_direction

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
# Numbers separated by spaces ("27 3 1985", "020 7946 0000") in a right-to-left line are
# laid out right to left, one number at a time: "1985 3 27". Inside U+2066 … U+2069 (a
# left-to-right isolate) they keep their order; after Latin letters ("QQ 12 34 56 C")
# they already do.
SPACED_NUMBERS = re.compile(r"(\u2066[^\u2069]*\u2069)|([A-Za-z][\w-]* )?(\d+(?: \d+)+)")
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
    right_to_left = text_direction(language) == "rtl"
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
        if right_to_left and any(_reversed_numbers(string) for string in strings):
            problems.append(
                f"{where}: numbers separated by spaces read backwards in {language!r}: "
                f"put them between U+2066 and U+2069 in the translation of {ids[0][:60]!r}"
            )
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


def _reversed_numbers(text: str) -> bool:
    return any(m.group(3) and not m.group(2) for m in SPACED_NUMBERS.finditer(text))


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
