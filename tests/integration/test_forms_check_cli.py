"""`flask --app kiosk forms check` reports file:line problems and exits non-zero."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BROKEN = """\
slug: broken
version: 1
title: Broken form
summary: A form with a mistake.
reference_prefix: BRK
service_standard: {working_days: 5}
retention: {days: 30}
destination: {office: test}
declaration: {text: I declare., confirm: I confirm}
pages:
  - id: one
    title: One
    fields:
      - id: colour
        type: choice
        label: Colour
        choices:
          - {value: red, label: Red}
          - {value: blue, label: Blue}
  - id: two
    title: Two
    show_if: {field: colour, equals: green}
    fields:
      - {id: reason, type: text, label: Why}
"""


def test_shipped_forms_pass(runner):
    result = runner.invoke(args=["forms", "check"])
    assert result.exit_code == 0, result.output
    assert "3 form definition(s) OK" in result.output
    assert "note:" not in result.output  # every demo form's office is described


def test_an_office_missing_from_the_settings_is_noted_without_failing(runner, tmp_path):
    path = tmp_path / "fine.yaml"
    path.write_text(BROKEN.replace("equals: green", "equals: red"))
    result = runner.invoke(args=["forms", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "destination.office 'test' is not in the OFFICES setting" in result.output


def test_problems_are_reported_with_file_and_line(runner, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    result = runner.invoke(args=["forms", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:22: page 'two' can never be shown" in result.output


def test_command_line_exit_code_is_non_zero_on_errors(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN.replace("title: Broken form\n", ""))
    completed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "kiosk", "forms", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "KIOSK_INSTANCE_PATH": str(tmp_path)},
        check=False,
    )
    assert completed.returncode == 1
    assert f"{path}:1: 'title' is a required property" in completed.stderr


def test_translation_problems_fail_the_check(tmp_path):
    import shutil

    from babel.messages.pofile import read_po, write_po

    from kiosk import create_app

    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", folder)
    po = folder / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    catalog["Continue"].string = ""
    with po.open("wb") as handle:
        write_po(handle, catalog)
    pot = folder / "messages.pot"
    pot.write_text(pot.read_text() + '\nmsgid "A message nobody uses any more"\nmsgstr ""\n')
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "TRANSLATIONS_FOLDER": str(folder),
            "LANGUAGES": ("en", "es"),
        }
    )
    result = app.test_cli_runner().invoke(args=["forms", "check"])
    assert result.exit_code == 1
    assert "no translation of 'Continue'" in result.output
    assert f"{pot}: stale (0 new, 1 unused message(s)" in result.output
