"""Undo the line breaks a PDF page puts inside paragraphs, so chunks and quotes read as prose.

pypdf returns a page's text line by line as laid out. A line that fills (almost) the page width
and does not end a sentence continues on the next line; short lines (titles, headings, the last
line of a paragraph) end where they are. The threshold leaves room for justified text.
"""

from __future__ import annotations

import re

from assistant.text.headings import parse_heading

_FULL_LINE = 0.85
_MIN_WRAP_WIDTH = 40  # in half-width units; pages narrower than this are lists, not paragraphs
_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:”’\"'）)】」』]$")


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _joins(before: str, after: str) -> str:
    spaced = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii()
    return f"{before} {after}" if spaced and after[:1].isalnum() else before + after


def unwrap_page(text: str) -> list[str]:
    """Join a PDF page's layout line breaks inside paragraphs; headings stay on their own line."""
    lines = [line.strip() for line in text.split("\n")]
    widest = max((_width(line) for line in lines), default=0)
    if widest < _MIN_WRAP_WIDTH:
        return lines
    out: list[str] = []
    wrap_at = _FULL_LINE * widest
    last_full = False  # the previous physical line filled the page width
    for line in lines:
        if (
            last_full
            and line
            and not _ENDS_SENTENCE.search(out[-1])
            and parse_heading(line) is None
            and not _is_heading_only(out[-1])
        ):
            out[-1] = _joins(out[-1], line)
        else:
            out.append(line)
        last_full = bool(line) and _width(line) >= wrap_at
    return out


def _is_heading_only(line: str) -> bool:
    heading = parse_heading(line)
    return heading is not None and not heading.has_body
