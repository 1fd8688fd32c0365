"""What kind of answer a question wants, decided from its wording (no LLM needed).

The cue patterns are data (`assistant/data/patterns.toml`, section `intent`).
"""

from __future__ import annotations

from enum import StrEnum

from assistant.phrasing import pattern


class Intent(StrEnum):
    WHO_CAN_HELP = "who_can_help"  # a ranked list of teams / achievements / equipment
    PAIRING = "pairing"  # which universities a zone is paired with, or the reverse
    DOC_SUMMARY = "doc_summary"  # "summarize <document>": its main points section by section
    FIGURES = "figures"  # figures and facts grouped by source
    POLICY = "policy"  # quote the relevant clauses (the default)


# First matching cue wins; policy lookup otherwise.
_ORDER = (Intent.DOC_SUMMARY, Intent.WHO_CAN_HELP, Intent.PAIRING, Intent.FIGURES)


def classify(question: str) -> Intent:
    for intent in _ORDER:
        if pattern(f"intent.{intent.value}").search(question):
            return intent
    return Intent.POLICY


def asked_entity_kind(question: str) -> str | None:
    """The kind of name the question asks for ("university" / "zone"), if it asks for one."""
    if pattern("intent.asks_university").search(question):
        return "university"
    if pattern("intent.asks_zone").search(question):
        return "zone"
    return None
