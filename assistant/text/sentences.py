"""Sentences of a passage: the one splitter every answer path quotes from."""

from __future__ import annotations

from assistant.phrasing import pattern


def sentences(text: str) -> list[str]:
    """Split at Chinese/Western sentence ends and line breaks, keeping the punctuation."""
    return [s.strip() for s in pattern("text.sentence_end").split(text) if s and s.strip()]
