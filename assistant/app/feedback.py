"""👍/👎 on answers, appended as one JSON line each to `<data dir>/feedback.jsonl`.

JSONL because it is append-only (no read-modify-write under concurrent users) and every line is
a self-contained record that `jq` or pandas can read without a schema.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

FEEDBACK_FILE = "feedback.jsonl"


@dataclass
class Turn:
    """One answered question, as feedback needs to record it."""

    question: str
    answer: str
    citations: list[dict]
    filters: dict[str, str] = field(default_factory=dict)
    rewritten_query: str = ""
    refused: bool = False


def feedback_record(turn: Turn, liked: bool, kb: str, when: datetime | None = None) -> dict:
    """The JSON line for one rating."""
    return {
        "time": (when or datetime.now(UTC)).isoformat(timespec="seconds"),
        "kb": kb,
        "rating": "up" if liked else "down",
        "question": turn.question,
        "answer": turn.answer,
        "citations": turn.citations,
        "filters": {k: v for k, v in turn.filters.items() if v},
        "rewritten_query": turn.rewritten_query,
        "refused": turn.refused,
    }


class FeedbackLog:
    """Appends records to one JSONL file; a lock keeps lines whole across request threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
