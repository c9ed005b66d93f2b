"""Reference numbers: unique, hard to guess, easy to read aloud, typo-checked."""

from __future__ import annotations

import re

from kiosk.services.references import ALPHABET, new_reference, normalise_reference


def test_reference_reads_like_the_paper_form_prefix_and_two_groups():
    reference = new_reference("PKP")
    assert re.fullmatch(r"PKP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", reference)


def test_alphabet_has_no_look_alike_characters():
    assert not set("01OIL") & set(ALPHABET)


def test_references_do_not_repeat():
    references = {new_reference("PKP") for _ in range(5000)}
    assert len(references) == 5000


def test_typed_reference_is_normalised_whatever_the_case_and_spacing():
    reference = new_reference("HBA")
    typed = reference.lower().replace("-", " ")
    assert normalise_reference(typed) == reference
    assert normalise_reference(reference.replace("-", "")) == reference


def test_a_mistyped_character_is_caught_by_the_check_character():
    reference = new_reference("FOI")
    body = reference.replace("-", "")
    caught = 0
    for position in range(3, len(body)):
        for replacement in ALPHABET:
            if replacement == body[position]:
                continue
            typo = body[:position] + replacement + body[position + 1 :]
            caught += normalise_reference(typo) is None
    # every single-character substitution is detected
    assert caught == (len(body) - 3) * (len(ALPHABET) - 1)


def test_garbage_is_not_a_reference():
    for text in ("", "PKP", "PKP-0000-0000", "12345", "PKP-7K3M-Q9X"):
        assert normalise_reference(text) is None
