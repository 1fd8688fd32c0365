"""Running heads and feet of a PDF: lines repeated at the top or bottom of many pages.

A printed document repeats its title, issuing body or "第 3 页 共 12 页" on every page. Left in,
they split sentences that run over a page break and get quoted as if they were text. A line
counts as running when, with its digits ignored, it sits among the first or last lines of at
least half of the pages (and of two pages at least).
"""

from __future__ import annotations

import math
import re
from collections import Counter

EDGE_LINES = 2  # non-empty lines at each end of a page where heads and feet are looked for
MIN_SHARE = 0.5
_DIGITS = re.compile(r"\d+")


def _key(line: str) -> str:
    """The line with whitespace dropped and every number the same: page 3 and page 4 match."""
    return _DIGITS.sub("#", "".join(line.split()))


def _edges(lines: list[str]) -> list[str]:
    filled = [line for line in lines if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def running_keys(pages: list[list[str]]) -> set[str]:
    """Keys of the lines that repeat at the page edges."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(line) for line in _edges(lines)})
    need = max(2, math.ceil(MIN_SHARE * len(pages)))
    return {key for key, n in counts.items() if key and n >= need}


def _strip(lines: list[str], keys: set[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and (not lines[start].strip() or _key(lines[start]) in keys):
        start += 1
    while end > start and (not lines[end - 1].strip() or _key(lines[end - 1]) in keys):
        end -= 1
    return lines[start:end]


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Every page without the heads and feet it shares with the other pages."""
    keys = running_keys(pages)
    return [_strip(lines, keys) for lines in pages] if keys else pages
