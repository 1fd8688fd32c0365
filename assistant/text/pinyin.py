"""Pronunciation annotations: "行業(yè)" → "行業".

Pages for learners and some news sites print the pinyin of a rare or traditional character in
brackets right after it. Inside a word it breaks the word for search ("行業(yè)" matches neither
行业 nor 行業) and reads as noise in a quote. Only a bracket directly after a Han character
whose content is pinyin — syllables with tone marks, or with tone numbers — is removed; "(AI)"
or "(2025)" stay.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_LETTER = f"a-zü{_TONED}"
_SYLLABLES = rf"[{_LETTER}]+(?:[ '’·-][{_LETTER}]+){{0,7}}"
_NUMBERED = r"[a-zü]+[1-5](?:[ '’·-]?[a-zü]+[1-5]){0,7}"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])\s?[(（]\s*(?:(?=[^)）]*[{_TONED}]){_SYLLABLES}|{_NUMBERED})\s*[)）]"
)


def strip_pinyin(text: str) -> str:
    """The text without bracketed pinyin after Han characters."""
    return _PINYIN.sub("", text)
