"""What `flask retention purge` says: how many went, and why the others stayed."""

from collections import Counter

from kiosk.services.retention import PurgeReport


def test_the_report_counts_deletions_and_the_reasons_for_keeping():
    report = PurgeReport(
        deleted=["REC-1", "REC-2"],
        kept=Counter({"with delivery unfinished": 3, "of forms no longer defined": 1}),
    )
    assert report.summary() == (
        "2 submission(s) deleted; kept: 1 of forms no longer defined, 3 with delivery unfinished"
    )


def test_a_report_with_nothing_kept_says_only_what_was_deleted():
    assert PurgeReport().summary() == "0 submission(s) deleted"
