"""A live Kiosk server and Debian's Chromium driven by Playwright, for what only a browser shows."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from kiosk import create_app
from kiosk.migrations import upgrade

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'kiosk.sqlite3'}"
    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    return create_app({"INSTANCE_PATH": str(folder), "DATABASE_URL": url, "SECRET_KEY": "browser"})


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    yield page
    context.close()
