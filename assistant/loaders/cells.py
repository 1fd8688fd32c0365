"""What a cell is, as a table reader sees it: empty, a number (even when stored as text), text."""

from __future__ import annotations

import re

from assistant.loaders.rows import format_value

# "35.418402", "1,200", "-3", "12.5%": CSV and HTML hold every number as text.
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def filled(value: object) -> bool:
    return value is not None and format_value(value) != ""


def is_number(value: object) -> bool:
    """A number, or text that is one: such cells are data, never column names or labels."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


def is_text(value: object) -> bool:
    return filled(value) and isinstance(value, str) and not is_number(value)
