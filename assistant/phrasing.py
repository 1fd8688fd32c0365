"""Phrasing as data: word lists, question-cue patterns and bilingual messages.

Everything that is a list of words or a pattern of how users phrase things lives in TOML files
under `assistant/data/`, so a new synonym, stop word or cue is a data change that needs no code
reading. This module is the one place that reads them; each file is parsed once per process.

- `words(name)`: a frozenset from `words.toml` (space-separated words, any number of lines).
- `pattern(name)`: a compiled, case-insensitive regex from `patterns.toml` (dotted names).
- `message(name, lang, **values)`: a string from `messages.toml` in "zh" or "en", formatted.
- `table(file, name)`: any other table (e.g. catalog role synonyms).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _load(file: str) -> dict[str, Any]:
    with (DATA_DIR / file).open("rb") as handle:
        return tomllib.load(handle)


def _lookup(file: str, dotted: str) -> Any:
    node: Any = _load(file)
    for part in dotted.split("."):
        try:
            node = node[part]
        except (KeyError, TypeError):
            raise KeyError(f"{dotted} is not defined in assistant/data/{file}") from None
    return node


@cache
def words(name: str) -> frozenset[str]:
    """A word list; entries are written space-separated (word lists read best that way)."""
    value = _lookup("words.toml", name)
    text = " ".join(value) if isinstance(value, list) else str(value)
    return frozenset(text.split())


@cache
def pattern(name: str) -> re.Pattern[str]:
    """A cue pattern; a list of alternatives is joined with "|" (each kept on its own line)."""
    value = _lookup("patterns.toml", name)
    source = "|".join(value) if isinstance(value, list) else str(value)
    return re.compile(source, re.I)


def message(name: str, lang: str, **values: object) -> str:
    """The message in the asker's language ("en", else Chinese), with `values` filled in."""
    entry = _lookup("messages.toml", name)
    text = entry["en" if lang == "en" else "zh"]
    return text.format(**values) if values else text


def messages(name: str, lang: str) -> dict[str, str]:
    """A table of messages (e.g. field labels) in one language."""
    entry = _lookup("messages.toml", name)
    return dict(entry["en" if lang == "en" else "zh"])


def table(file: str, name: str) -> Any:
    """Any other table of a data file, as parsed."""
    return _lookup(file, name)
