"""The translation checks: a stale template, missing, fuzzy or mismatched translations."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from kiosk import catalogs


def write_catalog(folder, language, messages, fuzzy=()):
    catalog = Catalog(locale=language)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    path = folder / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


def test_a_complete_catalog_has_no_problems(tmp_path):
    write_catalog(tmp_path, "es", {"Continue": "Continuar", "Step %(step)s": "Paso %(step)s"})
    assert catalogs.catalog_problems("es", tmp_path) == []


def test_a_missing_translation_is_reported(tmp_path):
    write_catalog(tmp_path, "es", {"Continue": "Continuar", "Back": ""})
    [problem] = catalogs.catalog_problems("es", tmp_path)
    assert "no translation of 'Back'" in problem


def test_a_fuzzy_translation_is_reported(tmp_path):
    write_catalog(tmp_path, "vi", {"Continue": "Tiếp tục"}, fuzzy={"Continue"})
    [problem] = catalogs.catalog_problems("vi", tmp_path)
    assert "fuzzy translation of 'Continue'" in problem


def test_placeholders_must_match(tmp_path):
    write_catalog(
        tmp_path,
        "es",
        {
            "Step %(step)s of %(steps)s": "Paso %(step)s de %(total)s",
            "Uploaded: %(name)s": "Subido",
        },
    )
    problems = catalogs.catalog_problems("es", tmp_path)
    assert len(problems) == 2
    assert all("placeholders differ" in p for p in problems)


def test_a_missing_catalog_is_reported(tmp_path):
    [problem] = catalogs.catalog_problems("ar", tmp_path)
    assert "missing catalog for 'ar'" in problem


def test_a_stale_template_is_reported(tmp_path):
    pot = write_catalog(tmp_path, "en", {"A message nobody uses any more": ""})
    [problem] = catalogs.template_problems(pot)
    assert "stale" in problem and "make translations" in problem
    assert "'A message nobody uses any more'" in problem


def test_spaced_numbers_in_a_right_to_left_language_are_isolated(tmp_path):
    example = "For example, 27 3 1985"
    backwards = {example: "مثال: 27 3 1985", "For example, 020 7946 0000": "مثال: 020 7946 0000"}
    write_catalog(tmp_path / "bad", "ar", backwards)
    problems = catalogs.catalog_problems("ar", tmp_path / "bad")
    assert len(problems) == 2 and all("read backwards in 'ar'" in p for p in problems)
    fine = {
        example: "مثال: \u206627 3 1985\u2069",
        "For example, QQ 12 34 56 C": "مثال: QQ 12 34 56 C.",
        "Up to 3 vehicles": "حتى 3 مركبات",
    }
    write_catalog(tmp_path / "good", "ar", fine)
    assert catalogs.catalog_problems("ar", tmp_path / "good") == []
    write_catalog(tmp_path / "ltr", "es", {example: "Por ejemplo, 27 3 1985"})
    assert catalogs.catalog_problems("es", tmp_path / "ltr") == []
