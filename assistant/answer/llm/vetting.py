"""Checks on a model's reply beyond its markers: is there an answer in it, and are its figures
in the evidence?

Both come from what the local 1.5B model did on the eval set: replies that were only markers
("[1][2]。"), replies that restated the question ("The system … is [2][3]."), and sentences
with figures found in no passage ("80% of the platforms …"). Officials quote figures from our
answers, so a sentence whose figure the evidence does not hold is removed rather than shown.
"""

from __future__ import annotations

import re

from assistant.answer.citations import MARKER
from assistant.answer.llm.prompt import Passage
from assistant.text.normalize import fold

HOLLOW_CHARS = 2  # fewer letters/digits than this, once markers are gone, is no answer
RESTATED_SHARE = 0.9  # this share of the reply's words taken from the question: a restatement
# A sentence and the markers that follow its end: like citing._CLAIM, and an English full stop
# (followed by a space or the end, so "3.5" stays whole) ends one too.
_SENTENCE = re.compile(
    r"(?:[^。！？；!?;.\n]|\.(?!\s|$))*(?:[。！？；!?;]+|\.(?=\s|$)|\n|$)(?:[ \t]*\[\d{1,3}\])*"
)
_CONTENT = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[\u3400-\u4dbf\u4e00-\u9fff]{2}")
# A figure worth checking: two or more digits or a decimal (a year, an amount, a count, a
# share), not part of a longer number, and not followed by an English scale word (those are
# checked by value: "500 million" must be in the passage as 5亿, 50000万 or 500 million).
_FIGURE = re.compile(
    r"(?<![\d.])(\d[\d,]*\d(?:\.\d+)?|\d\.\d+)"
    r"(?![\d.]|\s*(?:million|billion|thousand|trillion))",
    re.IGNORECASE,
)


_SCALED = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)",
                     re.IGNORECASE)
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def is_hollow(text: str, question: str) -> bool:
    """No answer in the reply: (almost) nothing but markers, or the question said back."""
    bare = MARKER.sub(" ", text)
    if len(_CONTENT.findall(bare)) < HOLLOW_CHARS:
        return True
    words = _words(bare)
    asked = set(_words(question))
    return bool(words) and sum(w in asked for w in words) / len(words) >= RESTATED_SHARE


def drop_unsupported_figures(text: str, passages: list[Passage]) -> tuple[str, int]:
    """The reply without sentences stating a figure that none of their cited passages holds
    (all passages, for a sentence citing none); also how many sentences were dropped."""
    by_number = {p.n: _digits_of(fold(p.chunk.retrieval_text())) for p in passages}
    everything = " ".join(by_number.values())
    kept: list[str] = []
    dropped = 0
    for sentence in _SENTENCE.findall(text):
        cited = [by_number[n] for n in map(int, MARKER.findall(sentence)) if n in by_number]
        haystack = " ".join(cited) if cited else everything
        bare = MARKER.sub(" ", sentence)
        figures = [f.replace(",", "") for f in _FIGURE.findall(bare)]
        if any(f not in haystack for f in figures) or not all(
            any(form in haystack for form in _written_forms(number, scale))
            for number, scale in _SCALED.findall(bare)
        ):
            dropped += 1
            continue
        kept.append(sentence)
    return "".join(kept), dropped


def _written_forms(number: str, scale: str) -> list[str]:
    """How a Chinese passage may write an English "<number> <scale>": in 亿 and in 万 (the
    way amounts are written), or as the English itself."""
    value = float(number.replace(",", "")) * _SCALE[scale.lower()]
    forms = [f"{_plain(value / 10**8)}亿", f"{_plain(value / 10**4)}万",
             f"{number.replace(',', '')} {scale.lower()}"]
    return [form for form in forms if not form.startswith("0")]


def _plain(value: float) -> str:
    """2.5 → "2.5", 5.0 → "5": numbers as a passage writes them."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _digits_of(text: str) -> str:
    """Passage text with thousands separators removed, so "1,000" in a reply matches."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def _words(text: str) -> list[str]:
    """English words and Chinese character pairs of a text, folded."""
    return _WORD.findall(fold(text))
