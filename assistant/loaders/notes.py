"""Notes a loader leaves about a file it could read only in part ("3 malformed rows skipped").

A file that loads with some rows left out is indexed, yet its user must learn what was left
out. Loaders call `note()` wherever they drop something; `collect_notes()` around a load
gathers them for the ingest report. A context variable keeps the loader signatures (path,
source, settings) unchanged and each load's notes its own, even in threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_NOTES: ContextVar[list[str] | None] = ContextVar("load_notes", default=None)
SHOWN_LINES = 10  # line numbers listed in a note before "…"


def note(message: str) -> None:
    """Record a note for the file being loaded; without a collector it is dropped."""
    notes = _NOTES.get()
    if notes is not None:
        notes.append(message)


@contextmanager
def collect_notes() -> Iterator[list[str]]:
    """The list that `note()` fills while the block runs."""
    notes: list[str] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def line_list(numbers: list[int], word: str = "lines") -> str:
    """"lines 17, 230, 1044" — at most SHOWN_LINES numbers, then "…"."""
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    return f"{word} {shown}{', …' if len(numbers) > SHOWN_LINES else ''}"
