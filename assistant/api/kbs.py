"""The knowledge bases an API server answers from: one per folder of the data dir, as models.

OpenAI clients pick a "model"; here a model is a knowledge base, so one server can answer from
several (`GET /v1/models` lists them). The KB the server was started with reuses its
`Assistant` (the chat's own); the others are opened on first use and kept.
"""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.service import Assistant

STORE_FILE = "chunks.sqlite"  # a folder holding one is a knowledge base


class KnowledgeBases:
    """Name → Assistant for every KB in the data dir; names come only from the folder listing."""

    def __init__(self, primary: Assistant) -> None:
        self.primary = primary
        self.data_dir = Path(primary.settings.data_dir)
        self._open: dict[str, Assistant] = {primary.settings.kb: primary}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        """The default KB first, then the others in the data dir, by name."""
        found = set()
        if self.data_dir.is_dir():
            found = {p.parent.name for p in self.data_dir.glob(f"*/{STORE_FILE}")}
        default = self.primary.settings.kb
        return [default, *sorted(found - {default})]

    def get(self, name: str) -> Assistant | None:
        """The Assistant for `name`, or None when no such KB exists (never a path from input)."""
        with self._lock:
            if name in self._open:
                return self._open[name]
        if name not in self.names():
            return None
        with self._lock:
            if name not in self._open:
                settings = self.primary.settings.with_overrides(kb=name)
                self._open[name] = Assistant(settings=settings)
            return self._open[name]
