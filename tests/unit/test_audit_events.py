"""The audit log says each recorded action in words."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.services.audit_events import ACTIONS, describe

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
RECORDED = re.compile(r'audit\(\s*(?:[\w.]+,\s*)?"([a-z-]+)"|action="([a-z-]+)"')


def recorded_actions() -> set[str]:
    found = set()
    for source in KIOSK.rglob("*.py"):
        for match in RECORDED.finditer(source.read_text()):
            found.add(match.group(1) or match.group(2))
    return found


def plain(message: str) -> str:
    return message


def words(description) -> str:
    return re.sub(r"<[^>]+>", "", str(description.text))


def test_every_action_kiosk_records_is_named():
    recorded = recorded_actions()
    assert {"status-change", "sign-in", "retention-delete", "download"} <= recorded
    assert recorded - {"download"} <= set(ACTIONS)  # "download" is named per file


def test_codes_in_the_details_are_named_and_the_rest_is_kept():
    change = describe("status-change", {"from_": "received", "to": "approved"}, plain)
    assert words(change) == "Changed the status from Received to Approved" and not change.rest
    export = describe("export", {"filters": {"status": "received", "q": ""}}, plain)
    assert export.rest == {"status": "received"}  # empty filters are not worth showing
    assert words(describe("download", {"file": "pdf"}, plain)) == "Downloaded the PDF"
    upload = describe("download", {"file": "lease.jpg"}, plain)
    assert (words(upload), upload.rest) == ("Downloaded the file lease.jpg", {})
    role = describe("user-create", {"email": "<a@example.gov>", "role": "admin"}, plain)
    assert str(role.text) == (  # what people typed is escaped and isolated
        "Added the account <bdi>&lt;a@example.gov&gt;</bdi> (Administrator)"
    )


def test_an_unknown_action_is_shown_as_recorded():
    unknown = describe("something-<new>", {"x": 1}, plain)
    assert (str(unknown.text), unknown.rest) == ("something-&lt;new&gt;", {"x": 1})


def test_actions_no_member_of_staff_does_say_who_did_them():
    assert describe("document-provided", {"document": "Lease"}, plain).actor == "The resident"
    assert describe("retention-delete", {"reference": "PKP"}, plain).actor == "Automatic"
    assert describe("view", {}, plain).actor == ""
