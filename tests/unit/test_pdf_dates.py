"""A PDF reads conditions on dates by the day the office's clock showed when the
application was sent, not by the day in UTC."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from kiosk import paths
from kiosk.formdefs import load_definition
from kiosk.services.pdf import build_sheet

FORMS = Path(__file__).resolve().parents[2] / "forms"


def permit_asking_for_the_logbook_of_permits_already_started(tmp_path) -> object:
    text = (FORMS / "parking-permit.yaml").read_text()
    condition = 'show_if: {field: keeper, equals: "yes"}'
    assert condition in text
    changed = tmp_path / "parking-permit.yaml"
    changed.write_text(text.replace(condition, "show_if: {field: start_date, less_than: today}"))
    return load_definition(changed)


def test_documents_that_depend_on_the_date_follow_the_offices_day(tmp_path):
    form = permit_asking_for_the_logbook_of_permits_already_started(tmp_path)
    # 23:30 UTC on 1 July is 00:30 on 2 July in London: a permit from 1 July has started
    submission = SimpleNamespace(
        language="en",
        reference="PKP-7K3M-Q9XD",
        submitted_at=dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC),
        answers={"start_date": "2026-07-01", "keeper": "no"},
        declaration={},
        documents_in_person=(),
    )

    def documents_listed(zone) -> list[str]:
        sheet = build_sheet(
            form,
            submission,
            [],
            lambda key: b"",
            agency="City of Example",
            office_language="en",
            translations_folder=paths.TRANSLATIONS,
            verify_url="http://127.0.0.1:5000/verify",
            currency="GBP",
            territory="GB",
            zone=zone,
        )
        return [row.label.resident for row in sheet.documents]

    assert "Vehicle registration certificate" in documents_listed(ZoneInfo("Europe/London"))
    assert "Vehicle registration certificate" not in documents_listed(dt.UTC)
