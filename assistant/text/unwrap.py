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


def _wrap_width(lines: list[str]) -> float | None:
    """Width from which a line counts as filling the page; None for a page of short lines."""
    widest = max((_width(line) for line in lines), default=0)
    return None if widest < _MIN_WRAP_WIDTH else _FULL_LINE * widest


def _continues(before: str, after: str) -> bool:
    return (
        bool(after)
        and not _ENDS_SENTENCE.search(before)
        and parse_heading(after) is None
        and not _is_heading_only(before)
    )


def unwrap_pages(pages: list[list[str]]) -> list[tuple[str, int, int]]:
    """Paragraph lines of consecutive PDF pages as (text, first page index, last page index).

    A line that fills its page's width and does not end a sentence continues on the next line,
    also across a page break: an article that runs onto the next page stays one paragraph
    ("中华人" + "民共和国"), and the pages it spans are kept for its citation.
    """
    out: list[list] = []  # [text, first page, last page]
    for page_no, page in enumerate(pages):
        lines = [line.strip() for line in page]
        wrap_at = _wrap_width(lines)
        for line in lines:
            if out and out[-1][3] and _continues(out[-1][0], line):
                out[-1][0] = _joins(out[-1][0], line)
                out[-1][2] = page_no
            else:
                out.append([line, page_no, page_no, False])
            if line:
                out[-1][3] = wrap_at is not None and _width(line) >= wrap_at
    return [(text, first, last) for text, first, last, _ in out]


def unwrap_page(text: str) -> list[str]:
    """Join a PDF page's layout line breaks inside paragraphs; headings stay on their own line."""
    return [line for line, _, _ in unwrap_pages([text.split("\n")])]


def _is_heading_only(line: str) -> bool:
    heading = parse_heading(line)
    return heading is not None and not heading.has_body
