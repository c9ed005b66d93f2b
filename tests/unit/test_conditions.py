"""The condition language authors use in `show_if` and `rules`."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.formdefs.conditions import ConditionError, condition_data, parse_condition
from kiosk.formdefs.dates import resolve_date

TODAY = dt.date(2026, 11, 20)


def holds(condition: dict, answers: dict) -> bool:
    return parse_condition(condition).evaluate(answers, TODAY)


def test_equals_and_not_equals():
    assert holds({"field": "keeper", "equals": "no"}, {"keeper": "no"})
    assert not holds({"field": "keeper", "equals": "no"}, {"keeper": "yes"})
    assert holds({"field": "keeper", "not_equals": "no"}, {"keeper": "yes"})


def test_an_unanswered_question_meets_only_not_equals_and_answered_false():
    assert not holds({"field": "keeper", "equals": "no"}, {})
    assert holds({"field": "keeper", "not_equals": "no"}, {})
    assert holds({"field": "keeper", "answered": False}, {"keeper": "  "})
    assert not holds({"field": "keeper", "answered": True}, {})


def test_one_of():
    condition = {"field": "housing", "one_of": ["private", "lodger"]}
    assert holds(condition, {"housing": "lodger"})
    assert not holds(condition, {"housing": "council"})


def test_multiple_choice_answers_match_any_ticked_box():
    assert holds({"field": "benefits", "equals": "pension"}, {"benefits": ["jsa", "pension"]})
    assert holds({"field": "benefits", "one_of": ["esa", "jsa"]}, {"benefits": ["jsa"]})
    assert not holds({"field": "benefits", "equals": "esa"}, {"benefits": ["jsa"]})


def test_money_is_compared_as_numbers_not_text():
    assert holds({"field": "income", "greater_than": 1000}, {"income": "1200.50"})
    assert not holds({"field": "income", "greater_than": 1000}, {"income": "999.99"})
    assert holds({"field": "income", "at_least": 1000}, {"income": "1,000"})
    assert holds({"field": "savings", "less_than": "16000"}, {"savings": "9000"})
    assert holds({"field": "savings", "at_most": 6000}, {"savings": "6000"})


def test_a_number_that_looks_like_a_compact_date_stays_a_number():
    assert holds({"field": "amount", "greater_than": 20240101}, {"amount": "30000000"})


def test_dates_are_compared_as_dates_and_today_is_resolved():
    born = {"field": "date_of_birth", "less_than": "today-18y"}
    assert holds(born, {"date_of_birth": "2000-05-01"})
    assert not holds(born, {"date_of_birth": "2010-05-01"})
    assert holds({"field": "start", "at_least": "today"}, {"start": TODAY.isoformat()})


def test_comparison_with_another_answer():
    after = {"field": "end", "greater_than": {"field": "start"}}
    assert holds(after, {"start": "2024-01-01", "end": "2024-06-30"})
    assert not holds(after, {"start": "2024-06-30", "end": "2024-01-01"})
    assert not holds(after, {"end": "2024-01-01"})


def test_all_any_and_not_combine():
    condition = {
        "all": [
            {
                "any": [
                    {"field": "housing", "equals": "private"},
                    {"field": "housing", "equals": "lodger"},
                ]
            },
            {"not": {"field": "claimed_before", "equals": "yes"}},
        ]
    }
    assert holds(condition, {"housing": "private", "claimed_before": "no"})
    assert not holds(condition, {"housing": "private", "claimed_before": "yes"})
    assert not holds(condition, {"housing": "council", "claimed_before": "no"})


def test_text_comparison_ignores_case_and_spaces():
    assert holds({"field": "colour", "equals": "Red"}, {"colour": " red "})


def test_a_condition_round_trips_to_data_for_the_browser():
    data = {
        "all": [{"field": "a", "one_of": ["x", "y"]}, {"not": {"field": "b", "answered": True}}]
    }
    assert condition_data(parse_condition(data)) == data


@pytest.mark.parametrize(
    "bad",
    [
        "keeper == no",
        {"all": []},
        {"field": "x"},
        {"field": "x", "equals": "a", "one_of": ["b"]},
        {"equals": "a"},
    ],
)
def test_malformed_conditions_are_refused(bad):
    with pytest.raises(ConditionError):
        parse_condition(bad)


def test_relative_dates_clamp_to_the_end_of_the_month():
    assert resolve_date("today+1m", dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)
    assert resolve_date("today-1y", dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert resolve_date("today+2w", TODAY) == dt.date(2026, 12, 4)
    assert resolve_date("today", TODAY) == TODAY
    assert resolve_date("2024-13-01") is None
    assert resolve_date("soon") is None
