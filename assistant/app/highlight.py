"""Mark the words of the question inside a cited snippet, so users see why it was retrieved.

Matching happens on the folded form (simplified script, half-width, lower case), the same form
retrieval uses, so a traditional-script or full-width snippet still lights up; the marks are then
placed on the original text, which is what users read.
"""

from __future__ import annotations

import html

from assistant.index.lexical import tokenize
from assistant.retrieval.glossary import expand_english
from assistant.text.lang import detect_language
from assistant.text.normalize import fold

MIN_CJK = 2  # a single Chinese character (的, 和 …) would mark half the snippet
MIN_LATIN = 3
MAX_TERMS = 40


def _is_ascii_word(term: str) -> bool:
    return term.isascii()


def query_terms(question: str, rewritten: str = "") -> list[str]:
    """Folded search terms of a question: its tokens plus, for English, the Chinese glossary terms.

    Longest first, so "储能系统" is marked whole rather than as "储能" + "系统".
    """
    text = rewritten or question
    terms = tokenize(text)
    if detect_language(question) == "en":
        terms += [fold(t) for t in expand_english(text)]
    kept = {
        t for t in terms
        if len(t) >= (MIN_LATIN if _is_ascii_word(t) else MIN_CJK)
    }
    return sorted(kept, key=lambda t: (-len(t), t))[:MAX_TERMS]


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the terms in `text`, compared in folded form."""
    if not terms or not text:
        return []
    folded = fold(text)
    if len(folded) != len(text):  # folding changed the length (rare): compare lower-cased text
        folded = text.lower()
    found: list[tuple[int, int]] = []
    for term in set(terms):
        start = folded.find(term)
        while start != -1 and term:
            found.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):  # merge overlapping and touching spans into one mark
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def highlight(text: str, terms: list[str]) -> str:
    """HTML of `text` (escaped) with every occurrence of the terms wrapped in <mark>."""
    parts: list[str] = []
    cursor = 0
    for start, end in _spans(text, terms):
        parts.append(html.escape(text[cursor:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)
