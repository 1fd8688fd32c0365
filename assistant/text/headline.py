"""The headline of a text saved from a web page: not the menu item or share prompt above it.

A page saved as text starts with whatever the browser put first: an app banner ("Workflow"),
a share prompt ("点击右上角微信好友"), a by-line. The headline is the first line near the top
that reads like one: a few words to a sentence long, in the document's own script, not page
furniture, and not a sentence of the body (those end with "。").
"""

from __future__ import annotations

import re

from assistant.text.junk_lines import is_byline, is_chrome_line

SEARCH_LINES = 15
MIN_CHARS, MAX_CHARS = 5, 80
MIN_WORDS = 3  # a Latin headline has a few words; "Workflow" or "Share" is a menu item
_HAN = re.compile(r"[\u3400-\u9fff]")
_BODY_END = re.compile(r"[。；：，,;:]$")
_HAN_SHARE = 0.3  # a text this Chinese has a Chinese headline


def _is_chinese(text: str) -> bool:
    letters = [ch for ch in text[:5000] if ch.isalpha()]
    return bool(letters) and sum(bool(_HAN.match(ch)) for ch in letters) >= _HAN_SHARE * len(
        letters
    )


def _reads_as_headline(line: str, chinese: bool) -> bool:
    long_enough = len(line.split()) >= MIN_WORDS if line.isascii() else len(line) >= MIN_CHARS
    return (
        long_enough
        and len(line) <= MAX_CHARS
        and not _BODY_END.search(line)
        and not is_chrome_line(line)
        and not is_byline(line)
        and (not chinese or bool(_HAN.search(line)))
    )


def pick_headline(text: str) -> str:
    """The first headline-like line among the first lines; "" when none is."""
    chinese = _is_chinese(text)
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines()]
    for line in [line for line in lines if line][:SEARCH_LINES]:
        if _reads_as_headline(line, chinese):
            return line
    return ""
