"""Page-furniture lines of saved web pages, read from assistant/data/web_junk_lines.txt."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

JUNK_LINES_PATH = Path(__file__).resolve().parent.parent / "data" / "web_junk_lines.txt"
_SECTION = re.compile(r"^\[(\w+)\]$")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """One compiled alternation per section of the data file."""
    rules: dict[str, list[str]] = {}
    section = ""
    for raw in JUNK_LINES_PATH.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
            continue
        rules.setdefault(section, []).append(line)
    return {name: re.compile("|".join(f"(?:{r})" for r in found), re.I)
            for name, found in rules.items()}


def is_chrome_line(line: str) -> bool:
    """A share prompt, app banner or paging link: no part of the article."""
    return bool(_patterns()["chrome"].match(line.strip()))


def is_byline(line: str) -> bool:
    """A source, author, date or counter line: article metadata, never its title."""
    return bool(_patterns()["byline"].match(line.strip()))
