"""The launcher script: Chromium's flags, the local start page, restarts; and the
server's side of it, /kiosk/boot, which gives the device cookie for the right key."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from sqlalchemy import select

from kiosk.models import KioskDevice
from kiosk.services import clock, terminals

LAUNCHER = Path(__file__).parents[2] / "scripts" / "kiosk-launcher"


def run_launcher(tmp_path, server="https://forms.city.example/", seconds=4):
    """The launcher with a stand-in for Chromium that records how it was started."""
    record = tmp_path / "starts"
    record.mkdir()
    fake = tmp_path / "chromium"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        f'n=$(ls "{record}" | wc -l)\n'
        f'printf "%s\\n" "$@" > "{record}/args-$n"\n'
        'page="${@: -1}"\n'
        f'cp "${{page#file://}}" "{record}/page-$n.html"\n'
        "exit 3\n"
    )
    fake.chmod(0o755)
    key_file = tmp_path / "device-key"
    key_file.write_text("7:the-device-key\n")
    env = {**os.environ, "CHROMIUM": str(fake), "KIOSK_RESTART_DELAY": "1"}
    process = subprocess.Popen(
        [str(LAUNCHER), server, str(key_file)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(seconds)
    process.terminate()
    _, errors = process.communicate(timeout=10)
    return record, errors


def test_the_launcher_starts_chromium_in_kiosk_mode_and_restarts_it(tmp_path):
    record, errors = run_launcher(tmp_path)
    starts = sorted(record.glob("args-*"))
    assert len(starts) >= 2, errors  # Chromium exited, and was started again
    assert "Chromium exited with 3" in errors
    flags = starts[0].read_text().split("\n")
    for flag in ("--kiosk", "--incognito", "--kiosk-printing", "--no-first-run"):
        assert flag in flags
    page = (record / "page-0.html").read_text()
    assert 'action="https://forms.city.example/kiosk/boot"' in page
    assert 'name="device" value="7"' in page and 'name="key" value="the-device-key"' in page


def test_the_launcher_needs_its_key_file(tmp_path):
    result = subprocess.run(
        [str(LAUNCHER), "https://x.example", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_boot_gives_the_device_cookie_for_the_right_key_only(app, db_session):
    created = terminals.create_device(
        db_session, name="Lobby", office="Town Hall", default_language="en", now=clock.now()
    )
    device = db_session.scalar(select(KioskDevice))
    key = terminals.enroll(db_session, device, clock.now())
    assert created.device.id == device.id
    browser = app.test_client()
    wrong = browser.post("/kiosk/boot", data={"device": str(device.id), "key": "guess"})
    assert wrong.status_code == 403 and browser.get_cookie("kiosk_device") is None
    booted = browser.post("/kiosk/boot", data={"device": str(device.id), "key": key})
    assert booted.status_code == 302 and booted.location.endswith("/kiosk/")
    assert "Town Hall" in browser.get("/kiosk/").get_data(as_text=True)
