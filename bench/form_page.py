"""Throughput of a Kiosk question page against a bare Flask+WTForms page, same run.

Both apps run under gunicorn with the same settings and are loaded in turn by wrk
on loopback. Absolute numbers depend on the machine; the ratio is what we track
(goal: the Kiosk page reaches at least 0.7 of the bare page's requests per second).
The Kiosk page is a real question page of the parking-permit form, read with a
session whose draft is in the database, as a resident would see it.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app: str, port: int, workers: int, cwd: Path):
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in 30 s")


def resident_session(base: str) -> tuple[str, str]:
    """Start a parking-permit application; return the page URL and the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    start = opener.open(f"{base}/forms/parking-permit/").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
    body = urllib.parse.urlencode({"csrf_token": token}).encode()
    page = opener.open(f"{base}/forms/parking-permit/start", data=body)
    html = page.read().decode()
    if page.status != 200 or "About you" not in html:
        raise RuntimeError(f"the Kiosk page did not render: {page.status} {page.url}")
    cookie = next(c for c in jar if c.name == "kiosk_session")
    return page.url, f"{cookie.name}={cookie.value}"


def check_page(url: str) -> None:
    with urllib.request.urlopen(url) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, connections: int, cookie: str | None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    subprocess.run([*command[:-2], "-d2s", url], check=True, capture_output=True)  # warm up
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return round(float(value) * UNITS[unit], 2)

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"requests_per_second": rps, "p50_ms": latency("50"), "p99_ms": latency("99")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per app")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per page")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run `make bench`, which installs it")

    instance = tempfile.mkdtemp(prefix="kiosk-bench-")
    factory = f"kiosk:create_app({{'INSTANCE_PATH': {instance!r}}})"
    subprocess.run(
        [str(BIN / "flask"), "--app", factory, "db", "upgrade"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    rounds = []
    with (
        gunicorn(factory, free_port(), args.workers, ROOT) as kiosk,
        gunicorn("bare_app:create_app()", free_port(), args.workers, ROOT / "bench") as bare,
    ):
        url, cookie = resident_session(kiosk)
        check_page(bare + "/")
        # Alternate the two pages so that a noisy neighbour slows both, not one.
        for _ in range(args.rounds):
            rounds.append(
                {
                    "kiosk": wrk(url, args.duration, args.connections, cookie),
                    "bare": wrk(bare + "/", args.duration, args.connections, None),
                }
            )
    shutil.rmtree(instance, ignore_errors=True)

    ratios = sorted(
        r["kiosk"]["requests_per_second"] / r["bare"]["requests_per_second"] for r in rounds
    )
    ratio = statistics.median(ratios)
    middle = min(
        rounds,
        key=lambda r: abs(
            r["kiosk"]["requests_per_second"] / r["bare"]["requests_per_second"] - ratio
        ),
    )
    results = {"rounds": rounds, "ratios": ratios, "ratio": round(ratio, 3)}
    print(f"{'page (median round)':<28}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for name, label in (("kiosk", "Kiosk question page"), ("bare", "bare Flask+WTForms page")):
        r = middle[name]
        print(
            f"{label:<28}{r['requests_per_second']:>12.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}"
        )
    verdict = "met" if ratio >= 0.7 else "NOT met"
    spread = ", ".join(f"{r:.2f}" for r in ratios)
    print(
        f"throughput ratio Kiosk/bare: median {ratio:.2f} of rounds [{spread}] "
        f"(goal >= 0.70: {verdict})"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "form_page.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
