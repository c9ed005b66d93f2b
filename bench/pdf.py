"""Rendering and sealing a submission's PDF against bare WeasyPrint, same HTML, same run.

Two real submissions are made through the app (test client, temporary instance): a
records request without documents, and an application for housing assistance with
three photos (six pages). For each, the bare baseline is WeasyPrint writing
the very HTML Kiosk renders, with no options; Kiosk's figure is the whole job minus
storage: translating the answers into the sheet, rendering the template, PDF/A-3a with
answers.json, merging uploaded PDFs, and the PAdES seal. The two are timed in turn, so
a noisy machine slows both. Goal: Kiosk at most 1.3 times the bare render (p50).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def make_submissions(app):
    from kiosk import jobs
    from tests import samples
    from tests.journeys import JOURNEYS
    from tests.support import Resident

    jobs.queue.immediate = True
    made = {}
    for slug, files in (
        ("records-request", {}),
        (
            "housing-assistance",
            {
                "proof_of_identity": [(samples.jpeg(size=(3000, 2000)), "passport.jpg")],
                "proof_of_income": [(samples.jpeg(size=(2000, 3000)), "payslip.jpg")],
                "tenancy_agreement": [(samples.jpeg(size=(2480, 3508)), "tenancy.jpg")],
            },
        ),
    ):
        resident = Resident(app.test_client())
        resident.start(slug)
        for page_id, data in JOURNEYS[slug]:
            resident.answer(slug, page_id, data)
        if files:
            resident.upload(slug, files)
        resident.post(f"/forms/{slug}/declaration", {"confirm": "y", "signature": "A Resident"})
        made[slug] = resident
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each, alternating")
    args = parser.parse_args()

    from pypdf import PdfReader
    from sqlalchemy import select
    from weasyprint import HTML

    from kiosk import create_app
    from kiosk.catalog import forms
    from kiosk.extensions import db
    from kiosk.migrations import upgrade
    from kiosk.models import Submission
    from kiosk.pdfs import render_html, settings
    from kiosk.services.storage import storage_from_config
    from kiosk.services.submission_pdf import sealed_pdf, sheet_for, submission_uploads

    instance = tempfile.mkdtemp(prefix="kiosk-bench-pdf-")
    app = create_app({"INSTANCE_PATH": instance, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(db.engine)
    make_submissions(app)
    results = {}
    with app.app_context():
        store = storage_from_config(app.config)
        config = settings(app)
        to_html = render_html(app)
        for submission in db.session.scalars(select(Submission).order_by(Submission.id)):
            form = forms().get(submission.form_slug)
            uploads = submission_uploads(db.session, submission)

            def kiosk(submission=submission, form=form, uploads=uploads) -> bytes:
                return sealed_pdf(form, submission, uploads, store.read, config, to_html)

            sealed = kiosk()
            sheet_html = to_html(sheet_for(form, submission, uploads, store.read, config))

            def bare(html=sheet_html) -> bytes:
                return HTML(string=html, base_url=config.base_url).write_pdf()

            bare()
            timings = {"kiosk": [], "bare": []}
            for _ in range(args.runs):
                for name, job in (("bare", bare), ("kiosk", kiosk)):
                    gc.collect()  # neither side pays for the other's garbage
                    started = time.perf_counter()
                    job()
                    timings[name].append((time.perf_counter() - started) * 1000)
            pages = len(PdfReader(io.BytesIO(sealed)).pages)
            label = f"{submission.form_slug} ({pages} page{'s' if pages != 1 else ''})"
            results[label] = {
                name: {
                    "p50_ms": round(statistics.median(values), 1),
                    "p95_ms": round(percentile(values, 0.95), 1),
                }
                for name, values in timings.items()
            }
            results[label]["ratio_p50"] = round(
                results[label]["kiosk"]["p50_ms"] / results[label]["bare"]["p50_ms"], 2
            )

    print(f"{'submission':<32}{'':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for label, result in results.items():
        for name in ("bare", "kiosk"):
            row = result[name]
            who = "bare WeasyPrint" if name == "bare" else "Kiosk render+seal"
            print(f"{label:<32}{who:>8}  {row['p50_ms']:>8.1f}{row['p95_ms']:>10.1f}")
        verdict = "met" if result["ratio_p50"] <= 1.3 else "NOT met"
        print(f"{'':<32}ratio p50 {result['ratio_p50']:.2f} (goal <= 1.30: {verdict})")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pdf.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
