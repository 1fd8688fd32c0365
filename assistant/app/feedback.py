"""👍/👎 on answers, appended as one JSON line each to `<data dir>/feedback.jsonl`.

JSONL because it is append-only (no read-modify-write under concurrent users) and every line is
a self-contained record that `jq` or pandas can read without a schema.

Each answer is written whole once, with an `id`. Clicking the same rating again writes nothing;
changing it appends a small `{"id", "rating"}` line (readers keep the last rating per id), at
most MAX_CHANGES times per answer. The file is rotated at `ASSISTANT_MAX_FEEDBACK_MB`
(`feedback.jsonl.1` keeps the previous part), so clicks cannot fill the disk.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

FEEDBACK_FILE = "feedback.jsonl"
MAX_CHANGES = 5  # rating changes recorded per answer after the first rating
MAX_ANSWER_CHARS = 8000  # a record keeps this much of the answer …
MAX_SNIPPET_CHARS = 1000  # … and of each citation's snippet

log = logging.getLogger("assistant.app.feedback")


@dataclass
class Turn:
    """One answered question, as feedback needs to record it, and how it was rated so far."""

    question: str
    answer: str
    citations: list[dict]
    filters: dict[str, str] = field(default_factory=dict)
    rewritten_query: str = ""
    refused: bool = False
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    rating: str | None = None  # "up" / "down" once rated
    changes: int = 0


def feedback_record(turn: Turn, liked: bool, kb: str, when: datetime | None = None) -> dict:
    """The JSON line for the first rating of an answer."""
    return {
        "time": _time(when),
        "id": turn.id,
        "kb": kb,
        "rating": "up" if liked else "down",
        "question": turn.question,
        "answer": turn.answer[:MAX_ANSWER_CHARS],
        "citations": [_short(c) for c in turn.citations],
        "filters": {k: v for k, v in turn.filters.items() if v},
        "rewritten_query": turn.rewritten_query,
        "refused": turn.refused,
    }


def next_record(turn: Turn, liked: bool, kb: str, when: datetime | None = None) -> dict | None:
    """The line to append for a click on `turn`, or None when nothing should be written.

    The first rating writes the whole turn; a repeated rating writes nothing; a changed rating
    writes only `{time, id, kb, rating}`, at most MAX_CHANGES times. Updates the turn's state.
    """
    rating = "up" if liked else "down"
    if rating == turn.rating:
        return None
    if turn.rating is None:
        turn.rating = rating
        return feedback_record(turn, liked, kb, when)
    if turn.changes >= MAX_CHANGES:
        return None
    turn.changes += 1
    turn.rating = rating
    return {"time": _time(when), "id": turn.id, "kb": kb, "rating": rating}


def _time(when: datetime | None) -> str:
    return (when or datetime.now(UTC)).isoformat(timespec="seconds")


def _short(citation: dict) -> dict:
    snippet = citation.get("snippet")
    if isinstance(snippet, str) and len(snippet) > MAX_SNIPPET_CHARS:
        return {**citation, "snippet": snippet[:MAX_SNIPPET_CHARS] + "…"}
    return citation


class _Rotating(RotatingFileHandler):
    """The standard library's size-based rotation (thread-safe), saying when it rotates."""

    def doRollover(self) -> None:
        log.warning("%s reached %.0f MB; moved to %s.1 and started a new file",
                    self.baseFilename, self.maxBytes / 1e6, self.baseFilename)
        super().doRollover()


class FeedbackLog:
    """Appends records to one JSONL file, whole lines only, rotated at `max_bytes`."""

    def __init__(self, path: Path, max_bytes: int = 20_000_000) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._handler: _Rotating | None = None

    def append(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False)
        self._open().handle(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))

    def _open(self) -> _Rotating:
        if self._handler is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handler = _Rotating(self.path, maxBytes=self.max_bytes, backupCount=1,
                                      encoding="utf-8", delay=True)
            self._handler.setFormatter(logging.Formatter("%(message)s"))
        return self._handler

    def close(self) -> None:
        if self._handler is not None:
            self._handler.close()
            self._handler = None
