"""Where a question page's time goes: the cost per request of each layer, in-process.

Calls the WSGI apps directly (no HTTP server, no test client), alternating the cases,
and prints the median of several runs for each, in milliseconds per request:

- a bare Flask route that returns a string (the floor of any Flask request);
- the bare Flask+WTForms page of `bare_app.py` (the baseline of `form_page.py`);
- a route of Kiosk's app that returns a string (session cookie, locale, device and
  security-header hooks);
- the same, reading the resident's draft from the database as a question page does;
- the Kiosk question page itself (the page `form_page.py` loads), filled in from its
  shell (kiosk/shells/);
- the same page rendered in full by Jinja on every request (`PAGE_SHELLS` off).

Run: .venv/bin/python bench/where_time_goes.py [--runs 7] [--requests 1000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask
from werkzeug.test import EnvironBuilder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bare_app import create_app as create_bare_app  # noqa: E402

from kiosk import create_app  # noqa: E402
from kiosk.catalog import form_or_404  # noqa: E402
from kiosk.public.context import shown_draft  # noqa: E402


def kiosk_app(**settings) -> Flask:
    instance = tempfile.mkdtemp(prefix="kiosk-bench-")
    factory = f"kiosk:create_app({{'INSTANCE_PATH': {instance!r}}})"
    flask = str(Path(sys.executable).parent / "flask")
    subprocess.run([flask, "--app", factory, "db", "upgrade"], cwd=ROOT, check=True)
    app = create_app({"INSTANCE_PATH": instance, **settings})
    app.add_url_rule("/bench/plain", "bench_plain", lambda: "plain")

    def draft_only():
        draft = shown_draft(form_or_404("parking-permit"))
        return "draft" if draft is not None else "none"

    app.add_url_rule("/bench/draft", "bench_draft", draft_only)
    return app


def resident_session(app: Flask) -> tuple[str, str]:
    """Start a parking-permit application; return its first page and the session cookie."""
    client = app.test_client()
    start = client.get("/forms/parking-permit/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
    page = client.post("/forms/parking-permit/start", data={"csrf_token": token}).location
    return page, client.get_cookie("kiosk_session").value


def request_of(app, path: str, cookie: str | None = None, expect: str | None = None):
    headers = {"Cookie": f"kiosk_session={cookie}"} if cookie else {}
    environ = EnvironBuilder(path=path, headers=headers).get_environ()

    def start_response(status, _headers, _exc_info=None):
        if not status.startswith("200"):
            raise RuntimeError(f"{path} answered {status}")

    def call() -> bytes:
        body = app(dict(environ), start_response)
        try:
            return b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()

    if expect is not None and expect.encode() not in call():
        raise RuntimeError(f"{path} did not show {expect!r}")
    return call


def per_request_ms(call, requests: int) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        call()
    return (time.perf_counter() - started) / requests * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()

    plain_flask = Flask("plain")
    plain_flask.add_url_rule("/", "plain", lambda: "plain")
    app = kiosk_app()
    page, cookie = resident_session(app)
    full_app = kiosk_app(PAGE_SHELLS=False)
    full_page, full_cookie = resident_session(full_app)
    cases = {
        "bare Flask route": request_of(plain_flask, "/"),
        "bare Flask+WTForms page": request_of(create_bare_app(), "/", expect="Full name"),
        "Kiosk route, no database": request_of(app, "/bench/plain", cookie),
        "Kiosk route reading the draft": request_of(app, "/bench/draft", cookie, "draft"),
        "Kiosk question page": request_of(app, page, cookie, "About you"),
        "the same, rendered in full": request_of(full_app, full_page, full_cookie, "About you"),
    }
    results: dict[str, list[float]] = {name: [] for name in cases}
    for call in cases.values():
        per_request_ms(call, args.requests // 5)  # warm up
    for _ in range(args.runs):
        for name, call in cases.items():  # alternate, so a noisy moment hits every case
            results[name].append(per_request_ms(call, args.requests))
    print(f"{'case':32} {'ms per request (median of ' + str(args.runs) + ')':>36}")
    for name, runs in results.items():
        print(f"{name:32} {statistics.median(runs):36.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
