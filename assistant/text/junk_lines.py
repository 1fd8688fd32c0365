"""Page-furniture lines of saved web pages (the patterns live in assistant/data/documents.toml)."""

from __future__ import annotations

import re
from functools import cache

from assistant.phrasing import table


@cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rule})" for rule in table("documents.toml", f"web.{name}")),
                      re.I)


def is_chrome_line(line: str) -> bool:
    """A share prompt, app banner or paging link: no part of the article."""
    return bool(_pattern("chrome").match(line.strip()))


def is_byline(line: str) -> bool:
    """A source, author, date or counter line: article metadata, never its title."""
    return bool(_pattern("byline").match(line.strip()))
