"""`make run`: the web app and the job worker that makes PDFs and emails are given the same
public address, the one on the port `make run` serves (stand-ins record how they start)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make missing")

RECORDER = """#!/usr/bin/env bash
echo "$(basename "$0") $* KIOSK_PUBLIC_URL=${{KIOSK_PUBLIC_URL:-unset}}" >> "{log}"
if [ "$(basename "$0")" = flask ] && [ "$3" = run ]; then  # serve until the worker started
  for _ in $(seq 50); do grep -q huey_consumer "{log}" && exit 0; sleep 0.1; done
fi
"""


def make_run(tmp_path, environment: dict[str, str]) -> list[str]:
    """`make run` in a copy of the project's Makefile, its programs replaced by recorders
    (everything it installs taken as installed); the commands each ran, one a line."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("")
    log = tmp_path / "started.log"
    (tmp_path / "scripts").mkdir()
    (tmp_path / "instance").mkdir()
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    for name in ("flask", "huey_consumer"):
        (venv / name).write_text(RECORDER.format(log=log))
    (tmp_path / "scripts" / "install-system-packages").write_text("#!/bin/sh\n")
    for program in [*venv.iterdir(), tmp_path / "scripts" / "install-system-packages"]:
        program.chmod(0o755)
    later = time.time() + 5  # installed and migrated after pyproject.toml changed
    for made in (tmp_path / ".venv" / ".installed", tmp_path / "instance" / "kiosk.sqlite3"):
        made.touch()
        os.utime(made, (later, later))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "MAKE"))}
    result = subprocess.run(
        ["make", "run", *(f"{k}={v}" for k, v in environment.items() if k == "PORT")],
        cwd=tmp_path,
        env={**env, **{k: v for k, v in environment.items() if k != "PORT"}},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return log.read_text().splitlines()


def test_make_run_gives_the_worker_the_address_it_serves_on(tmp_path):
    started = make_run(tmp_path, {"PORT": "5070"})
    worker = [line for line in started if line.startswith("huey_consumer")]
    server = [line for line in started if line.startswith("flask --app kiosk run")]
    assert worker and server, started
    assert worker[0].endswith("KIOSK_PUBLIC_URL=http://127.0.0.1:5070")  # its PDFs and emails
    assert server[0].endswith("KIOSK_PUBLIC_URL=http://127.0.0.1:5070")


def test_a_public_address_given_to_make_run_is_kept_for_both(tmp_path):
    started = make_run(tmp_path, {"PORT": "5070", "KIOSK_PUBLIC_URL": "https://forms.example"})
    for line in started:
        if line.startswith(("huey_consumer", "flask --app kiosk run")):
            assert line.endswith("KIOSK_PUBLIC_URL=https://forms.example"), line
