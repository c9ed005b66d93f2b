"""The linter names each kind of mistake, in the file and on the line where it is.

Each bad definition marks the line the problem must be reported on with `# here`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.formdefs import DefinitionError, load_definition

FORMS = Path(__file__).resolve().parents[2] / "forms"

HEAD = """\
slug: test-form
version: 1
title: Test form
summary: A form for tests.
reference_prefix: TST
service_standard: {working_days: 5}
retention: {days: 30}
destination: {office: test}
declaration: {text: I declare., confirm: I confirm}
"""

PAGES = """\
pages:
  - id: one
    title: One
    fields:
      - id: colour
        type: choice
        label: Colour
        choices:
          - {value: red, label: Red}
          - {value: blue, label: Blue}
      - {id: owner, type: yesno, label: Owner}
  - id: two
    title: Two
    fields:
      - {id: reason, type: text, label: Why}
"""


def problems_in(tmp_path: Path, text: str) -> tuple[Path, int, list[str]]:
    """Lint `text`; return the file, the line marked `# here`, and the problems."""
    path = tmp_path / "test-form.yaml"
    path.write_text(text)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if line.endswith("# here")]
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    return path, (marked or [0])[0], [str(p) for p in caught.value.problems]


def assert_reported(tmp_path, text, message):
    path, line, problems = problems_in(tmp_path, text)
    expected = f"{path}:{line}: {message}"
    assert any(p.startswith(expected) for p in problems), problems


def test_the_valid_base_definition_loads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(HEAD + PAGES)
    assert load_definition(path).slug == "test-form"


@pytest.mark.parametrize("path", sorted(FORMS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_forms_lint_clean(path):
    assert load_definition(path).pages


def test_invalid_yaml_is_reported_where_it_breaks(tmp_path):
    text = HEAD + PAGES.replace("title: Two", "title: [Two  # here")
    path, _line, problems = problems_in(tmp_path, text)
    assert problems and problems[0].startswith(f"{path}:")
    assert "not valid YAML" in problems[0]


def test_missing_required_property(tmp_path):
    text = "# here\n" + HEAD.replace("title: Test form\n", "") + PAGES
    path, _, problems = problems_in(tmp_path, text)
    assert f"{path}:2: 'title' is a required property" in problems


def test_unknown_key_is_a_schema_violation(tmp_path):
    text = HEAD + PAGES.replace("    title: Two", "    title: Two\n    colour: red  # here")
    assert_reported(tmp_path, text, "pages.1: unknown key 'colour'")


def test_unknown_field_type(tmp_path):
    text = HEAD + PAGES.replace("{id: reason, type: text,", "{id: reason, type: essay,") + ""
    text = text.replace("label: Why}", "label: Why}  # here")
    assert_reported(tmp_path, text, "pages.1.fields.0.type: 'essay' is not one of")


def test_wrong_type_of_value(tmp_path):
    text = HEAD.replace("version: 1", "version: first  # here") + PAGES
    assert_reported(tmp_path, text, "version: 'first' is not of type 'integer'")


def test_duplicate_yaml_key(tmp_path):
    text = HEAD + PAGES.replace("    title: Two", "    title: Two\n    title: Deux  # here")
    assert_reported(tmp_path, text, "duplicate key 'title'")


def test_page_condition_naming_an_unknown_field(tmp_path):
    text = HEAD + PAGES.replace(
        "    title: Two", "    title: Two\n    show_if: {field: color, equals: red}  # here"
    )
    assert_reported(tmp_path, text, "page 'two': condition names unknown field 'color'")


def test_field_condition_naming_an_unknown_field(tmp_path):
    text = HEAD + PAGES.replace(
        "label: Why}", "label: Why, show_if: {field: nobody, answered: true}}  # here"
    )
    assert_reported(tmp_path, text, "field 'reason': condition names unknown field 'nobody'")


def test_document_condition_naming_an_unknown_field(tmp_path):
    documents = (
        "documents:\n  - id: proof\n    name: Proof\n"
        '    show_if: {field: employed, equals: "yes"}  # here\n'
    )
    assert_reported(
        tmp_path,
        HEAD + documents + PAGES,
        "document 'proof': condition names unknown field 'employed'",
    )


def test_rule_naming_an_unknown_field(tmp_path):
    rules = (
        "    rules:\n      - field: reason\n"
        "        check: {field: reason, not_equals: {field: ghost}}  # here\n"
        "        message: Give a different reason\n"
    )
    assert_reported(tmp_path, HEAD + PAGES + rules, "rule: condition names unknown field 'ghost'")


def test_rule_on_a_field_that_is_not_on_its_page(tmp_path):
    rules = (
        "    rules:\n      - field: colour  # here\n"
        "        check: {field: reason, answered: true}\n        message: Say why\n"
    )
    assert_reported(
        tmp_path, HEAD + PAGES + rules, "rule names field 'colour', which is not on page 'two'"
    )


def test_rule_using_a_later_answer_can_never_be_met(tmp_path):
    rules = (
        "    rules:\n      - field: colour\n"
        "        check: {field: reason, answered: true}  # here\n        message: Say why\n"
    )
    text = HEAD + PAGES.replace(
        "      - {id: owner, type: yesno, label: Owner}\n",
        "      - {id: owner, type: yesno, label: Owner}\n" + rules,
    )
    assert_reported(
        tmp_path,
        text,
        "rule can never be met: its condition uses 'reason', which is asked on a later page",
    )


def test_page_using_an_answer_from_the_same_page_can_never_be_shown(tmp_path):
    text = HEAD + PAGES.replace(
        "    title: Two", "    title: Two\n    show_if: {field: reason, answered: true}  # here"
    )
    assert_reported(
        tmp_path,
        text,
        "page 'two' can never be shown: its condition uses 'reason', which is asked on the same",
    )


def test_page_using_an_answer_from_a_later_page_can_never_be_shown(tmp_path):
    text = HEAD + PAGES.replace(
        "    title: One", "    title: One\n    show_if: {field: reason, answered: true}  # here"
    )
    assert_reported(tmp_path, text, "page 'one' can never be shown: its condition uses 'reason'")


def test_page_waiting_for_a_choice_that_is_not_offered_can_never_be_shown(tmp_path):
    text = HEAD + PAGES.replace(
        "    title: Two", "    title: Two\n    show_if: {field: colour, equals: green}  # here"
    )
    assert_reported(
        tmp_path, text, "page 'two' can never be shown: its condition can never be true"
    )


def test_page_needing_two_answers_to_one_question_can_never_be_shown(tmp_path):
    condition = '{all: [{field: owner, equals: "yes"}, {field: owner, equals: "no"}]}'
    text = HEAD + PAGES.replace(
        "    title: Two", f"    title: Two\n    show_if: {condition}  # here"
    )
    assert_reported(
        tmp_path, text, "page 'two' can never be shown: its condition can never be true"
    )


def test_duplicate_page_id(tmp_path):
    text = HEAD + PAGES.replace("  - id: two", "  - id: one  # here")
    assert_reported(tmp_path, text, "duplicate page id 'one'")


def test_reserved_page_id(tmp_path):
    text = HEAD + PAGES.replace("  - id: two", "  - id: check  # here")
    assert_reported(tmp_path, text, "page id 'check' is reserved")


def test_duplicate_field_id(tmp_path):
    text = HEAD + PAGES.replace("{id: reason,", "{id: colour,").replace(
        "label: Why}", "label: Why}  # here"
    )
    assert_reported(tmp_path, text, "duplicate field id 'colour' in this form")


def test_duplicate_field_id_within_a_group(tmp_path):
    group = (
        "      - id: people\n        type: group\n        label: People\n"
        "        item_label: Person\n        fields:\n"
        "          - {id: name, type: text, label: Name}\n"
        "          - {id: name, type: text, label: Other name}  # here\n"
    )
    text = HEAD + PAGES + group
    assert_reported(tmp_path, text, "duplicate field id 'name' in group 'people'")


def test_duplicate_document_id(tmp_path):
    documents = "documents:\n  - {id: proof, name: Proof}\n  - {id: proof, name: Again}  # here\n"
    assert_reported(tmp_path, HEAD + documents + PAGES, "duplicate document id 'proof'")


def test_duplicate_choice_value(tmp_path):
    text = HEAD + PAGES.replace(
        "{value: blue, label: Blue}", "{value: red, label: Also red}  # here"
    )
    assert_reported(tmp_path, text, "duplicate choice value 'red' in field 'colour'")


def test_setting_that_does_not_fit_the_field_type(tmp_path):
    text = HEAD + PAGES.replace(
        "{id: reason, type: text, label: Why}",
        "{id: reason, type: text, label: Why, widget: select}  # here",
    )
    assert_reported(tmp_path, text, "field 'reason' of type 'text' does not use 'widget'")


def test_min_greater_than_max(tmp_path):
    text = HEAD + PAGES.replace(
        "{id: reason, type: text, label: Why}",
        "{id: reason, type: number, label: How many, min: 10, max: 1}  # here",
    )
    assert_reported(tmp_path, text, "field 'reason': min is greater than max")


def test_date_bounds_must_be_dates_in_order(tmp_path):
    bad = HEAD + PAGES.replace(
        "{id: reason, type: text, label: Why}",
        "{id: reason, type: date, label: When, min: yesterday}  # here",
    )
    assert_reported(tmp_path, bad, "'yesterday' is not a date")
    crossed = HEAD + PAGES.replace(
        "{id: reason, type: text, label: Why}",
        "{id: reason, type: date, label: When, min: 2024-05-01, max: 2024-01-01}  # here",
    )
    assert_reported(tmp_path, crossed, "field 'reason': min is after max")


def test_a_group_inside_a_group(tmp_path):
    group = (
        "      - id: people\n        type: group\n        label: People\n"
        "        item_label: Person\n        fields:\n"
        "          - id: pets\n            type: group  # here\n            label: Pets\n"
        "            item_label: Pet\n            fields: [{id: pet, type: text, label: Pet}]\n"
    )
    assert_reported(tmp_path, HEAD + PAGES + group, "group 'pets' cannot sit inside group 'people'")


def test_unquoted_dates_and_yes_no_stay_text(tmp_path):
    text = HEAD + PAGES.replace(
        "{id: reason, type: text, label: Why}",
        "{id: reason, type: date, label: When, min: 2020-01-01,"
        " show_if: {field: owner, equals: no}}",
    )
    path = tmp_path / "ok.yaml"
    path.write_text(text)
    definition = load_definition(path)
    reason = definition.field("reason")
    assert reason.minimum == "2020-01-01"
    assert reason.show_if.value == "no"


def test_a_question_that_is_not_required_does_not_say_optional_itself(tmp_path):
    text = HEAD + PAGES.replace(
        "{id: reason, type: text, label: Why}",
        "{id: reason, type: text, label: Why, required: false,\n"
        "         hint: Optional. Tell us why.}  # here",
    )
    assert_reported(tmp_path, text, "field 'reason': the page already adds \"(optional)\"")
    path = tmp_path / "required.yaml"
    path.write_text(text.replace("required: false", "required: true"))
    assert load_definition(path).slug == "test-form"  # a required question may say it


def test_a_group_does_not_repeat_its_page_title(tmp_path):
    group = """\
      - id: people
        type: group
        label: two  # here
        item_label: Person
        fields:
          - {id: person_name, type: text, label: Name}
"""
    text = HEAD + PAGES + group
    assert_reported(tmp_path, text, "group 'people' repeats its page's title as a heading")
    path = tmp_path / "alone.yaml"
    path.write_text(
        HEAD + PAGES.replace("      - {id: reason, type: text, label: Why}\n", "") + group
    )
    assert load_definition(path).slug == "test-form"  # alone on its page, it is not shown
