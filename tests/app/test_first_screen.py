"""Personas set examples and filters; every example click resolves to a question."""

from __future__ import annotations

from assistant.app.first_screen import PersonaPicker
from assistant.app.texts import PERSONAS, persona


def test_six_to_eight_examples_on_the_first_screen() -> None:
    assert 6 <= len(PERSONAS[0].examples) <= 8


def test_every_persona_has_examples_in_both_languages_overall() -> None:
    examples = [q for p in PERSONAS for q in p.examples]
    assert any(q.isascii() for q in examples) and any(not q.isascii() for q in examples)
    assert all(p.examples for p in PERSONAS)


def test_pick_by_index_of_the_chosen_persona() -> None:
    engineer = PERSONAS[1]
    assert PersonaPicker.pick(0, engineer.label) == engineer.examples[0]
    assert PersonaPicker.pick(99, engineer.label) == ""
    assert PersonaPicker.pick(None, engineer.label) == ""


def test_unknown_persona_falls_back_to_everyone() -> None:
    assert persona("nobody") is PERSONAS[0]
